package access

// Authorize decides whether actor may perform action on target. It returns
// nil when any of the actor's roles permits it, and otherwise an *Error
// whose Denial is NotFound when the actor cannot see the case at all and
// has no staff view of cases (applicants), Forbidden otherwise.
func Authorize(actor Actor, action Action, target Target) error {
	r, ok := table[action]
	if !ok {
		return &Error{Denial: Forbidden, Action: action, Reason: "unknown action"}
	}
	reason := "no known role"
	for _, role := range actor.Roles {
		col := role.column()
		if col < 0 {
			continue
		}
		if reason = r[col].reason(actor, target); reason == "" {
			return nil
		}
	}
	denial := Forbidden
	if !target.isZero() && !canSee(actor, target) && widestView(actor) <= ScopeOwn {
		denial = NotFound
	}
	return &Error{Denial: denial, Action: action, Reason: reason}
}

// Grants returns the grants the actor's roles hold for action, so listings
// can filter by them: any ScopeAny grant means no filter, ScopeDepartment
// means the actor's department, ScopeOwn means the actor's own cases.
func Grants(actor Actor, action Action) []Grant {
	var out []Grant
	r := table[action]
	for _, role := range actor.Roles {
		if col := role.column(); col >= 0 && r[col].Scope != ScopeNone {
			out = append(out, r[col])
		}
	}
	return out
}

func canSee(actor Actor, target Target) bool {
	for _, g := range Grants(actor, ViewCase) {
		if g.reason(actor, target) == "" {
			return true
		}
	}
	return false
}

func widestView(actor Actor) Scope {
	widest := ScopeNone
	for _, g := range Grants(actor, ViewCase) {
		widest = max(widest, g.Scope)
	}
	return widest
}

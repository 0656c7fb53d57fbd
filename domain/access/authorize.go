package access

import (
	"fmt"

	"github.com/shafaf-city/shafaf/domain"
)

// Rules named in a refusal's domain.Error.Rule, so clients and logs can
// tell why without parsing messages.
const (
	RuleRole       = "access.role"       // none of the actor's roles has the action
	RuleGroup      = "access.group"      // the grant does not cover the case's service group
	RuleOwnership  = "access.ownership"  // the case belongs to another applicant
	RuleDepartment = "access.department" // the case belongs to another department
)

// Authorize decides whether actor may perform action on target. It returns
// nil when any of the actor's roles permits it; otherwise a *domain.Error
// with CodeNotFound when the actor cannot see the case and has no staff view
// of cases (an applicant reaching for someone else's case must not learn it
// exists), else CodeForbidden naming the refusing rule.
func Authorize(actor Actor, action Action, target Target) error {
	r, ok := table[action]
	if !ok {
		return &domain.Error{Code: domain.CodeForbidden, Rule: RuleRole, Message: fmt.Sprintf("unknown action %q", action)}
	}
	rule := RuleRole
	for _, role := range actor.Roles {
		col := role.column()
		if col < 0 {
			continue
		}
		if rule = r[col].refusal(actor, target); rule == "" {
			return nil
		}
	}
	if !target.isZero() && !canSee(actor, target) && widestView(actor) <= ScopeOwn {
		return CaseNotFound()
	}
	return &domain.Error{Code: domain.CodeForbidden, Rule: rule, Message: fmt.Sprintf("not allowed to %s (%s)", action, rule)}
}

// CaseNotFound is the one answer for a case the caller may not learn of: one that does not
// exist and one they cannot see answer alike, on every route, with no id that one would echo
// and the other not, so no answer tells them whether a case id is taken.
func CaseNotFound() error { return domain.NotFound("case not found") }

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
		if g.refusal(actor, target) == "" {
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

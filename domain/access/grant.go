package access

import "slices"

// Scope says which cases a grant reaches, so one table can say both "may
// decide" and "only in their own department".
type Scope int

// Scopes from narrowest to widest; the zero value denies.
const (
	// ScopeNone denies the action.
	ScopeNone Scope = iota
	// ScopeOwn reaches only cases the actor submitted (applicants).
	ScopeOwn
	// ScopeDepartment reaches cases handled by the actor's department (staff), and the cases
	// of officials whose delegation the actor holds now (Actor.ActingFor).
	ScopeDepartment
	// ScopeAny reaches every case (auditors read, admins act).
	ScopeAny
)

// String names the scope for error messages and test diffs.
func (s Scope) String() string {
	return [...]string{"none", "own", "department", "any"}[s]
}

// Grant is one cell of the policy table: how far a role reaches for an
// action, optionally only within some service groups.
type Grant struct {
	Scope Scope
	// Groups restricts the grant to these service groups; empty means all.
	Groups []Group
}

// refusal names the access rule that stops the grant reaching target, or
// "" when it does.
func (g Grant) refusal(a Actor, t Target) string {
	switch {
	case g.Scope == ScopeNone:
		return RuleRole
	case t.isZero():
		return ""
	case len(g.Groups) > 0 && !slices.Contains(g.Groups, t.Group):
		return RuleGroup
	case g.Scope == ScopeOwn && !t.ownedBy(a):
		return RuleOwnership
	case g.Scope == ScopeDepartment && (a.Department == "" || a.Department != t.Department) && !a.holdsFor(t.Assignee):
		return RuleDepartment
	}
	return ""
}

// Grant constructors keep the table readable as a matrix.
var no = Grant{}

func own(gs ...Group) Grant  { return Grant{Scope: ScopeOwn, Groups: gs} }
func dept(gs ...Group) Grant { return Grant{Scope: ScopeDepartment, Groups: gs} }
func all(gs ...Group) Grant  { return Grant{Scope: ScopeAny, Groups: gs} }

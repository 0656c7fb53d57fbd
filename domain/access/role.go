package access

import (
	"fmt"
	"slices"
)

// Role is what an authenticated actor is allowed to be in the city's
// e-services; every permission in the policy table is granted to a role.
type Role string

// The roles of the product, from least to most privileged. Their order is
// the order of the policy table's columns and of Actor.Roles after parsing.
const (
	Applicant  Role = "applicant"
	Clerk      Role = "clerk"
	Inspector  Role = "inspector"
	Supervisor Role = "supervisor"
	Auditor    Role = "auditor"
	Admin      Role = "admin"
)

// Roles lists every role in table-column order, so callers can enumerate
// them (dev tokens per role, the policy matrix test) without repeating it.
var Roles = []Role{Applicant, Clerk, Inspector, Supervisor, Auditor, Admin}

// ParseRole turns an identity provider's role name into a Role, rejecting
// anything the policy does not know so that typos never grant access.
func ParseRole(s string) (Role, error) { return parse("role", Roles, s) }

// parse finds s among the known names of one kind.
func parse[T ~string](kind string, known []T, s string) (T, error) {
	if i := slices.Index(known, T(s)); i >= 0 {
		return known[i], nil
	}
	return "", fmt.Errorf("access: unknown %s %q", kind, s)
}

// column is the role's position in a policy row; -1 for unknown roles.
func (r Role) column() int { return slices.Index(Roles, r) }

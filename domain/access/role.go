package access

import "fmt"

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
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("access: unknown role %q", s)
}

// column is the role's position in a policy row; -1 for unknown roles.
func (r Role) column() int {
	for i, known := range Roles {
		if known == r {
			return i
		}
	}
	return -1
}

package access

import "slices"

// RolesFor lists, in Roles order, the roles the policy lets take action on some case of
// group g: what the catalogue shows as who acts on a step, so it never says other than the
// policy that decides.
func RolesFor(a Action, g Group) []Role {
	var out []Role
	for _, r := range Roles {
		if table[a][r.column()].reaches(g) {
			out = append(out, r)
		}
	}
	return out
}

// reaches reports whether the grant reaches some case of group g.
func (g Grant) reaches(group Group) bool {
	return g.Scope != ScopeNone && (len(g.Groups) == 0 || slices.Contains(g.Groups, group))
}

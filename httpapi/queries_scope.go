package httpapi

import (
	"strings"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// listScope narrows a case list to the rows the caller's grants for action reach, in SQL, so
// pages come out full; visibleCases still checks every row against the policy itself. The
// department of a row is the one commands.CaseDepartment gives: assigned, else its district's.
func (q *caseQuery) listScope(p auth.Principal, action access.Action) {
	var reach []string
	for _, g := range access.Grants(p.Actor, action) {
		var cond string
		switch g.Scope {
		case access.ScopeAny:
			cond = "true"
		case access.ScopeDepartment:
			if p.Department == "" {
				continue
			}
			cond = q.arg("coalesce(nullif(department, ''), 'district-' || district) = $?", p.Department)
		case access.ScopeOwn:
			cond = "(" + q.arg("(owner_subject = $? AND $? <> '')", p.Subject) + " OR " +
				q.arg("(applicant_nid_hash = $? AND $? <> '')", casesummary.NationalIDHash(p.NationalID)) + ")"
		default:
			continue
		}
		if len(g.Groups) > 0 {
			groups := make([]string, len(g.Groups))
			for i, gr := range g.Groups {
				groups[i] = string(gr)
			}
			cond = "(" + cond + " AND " + q.arg("service_group = ANY($?)", groups) + ")"
		}
		reach = append(reach, cond)
	}
	if len(reach) == 0 {
		reach = []string{"false"}
	}
	q.where = append(q.where, "("+strings.Join(reach, " OR ")+")")
}

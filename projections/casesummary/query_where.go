package casesummary

import (
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// conds are the WHERE conditions of a query and their numbered arguments.
type conds struct {
	where []string
	args  []any
}

// param numbers arg and returns its placeholder.
func (c *conds) param(arg any) string {
	c.args = append(c.args, arg)
	return "$" + strconv.Itoa(len(c.args))
}

// arg numbers arg and writes its placeholder wherever cond says $?.
func (c *conds) arg(cond string, arg any) string { return strings.ReplaceAll(cond, "$?", c.param(arg)) }

// add appends cond with its one argument.
func (c *conds) add(cond string, arg any) { c.where = append(c.where, c.arg(cond, arg)) }

// overdue is the condition that a row is overdue on the legal clock: its due day has wholly
// passed in Tehran (workdays.OverdueBefore, as the work queue counts) and its status does not
// stop the clock (lifecycle.Stopped: finished, or waiting on the applicant or the owner).
func (r Reader) overdue(w *conds) string {
	stopped := lifecycle.Stopped()
	names := make([]string, len(stopped))
	for i, st := range stopped {
		names[i] = string(st)
	}
	return "coalesce(due_at < " + w.param(workdays.OverdueBefore(r.now())) + " AND status <> ALL(" + w.param(names) + "), false)"
}

// scope narrows a list to the rows viewer's grants for action reach. The department of a row
// is the one commands.CaseDepartment gives: assigned, else its district's.
func (c *conds) scope(viewer access.Actor, action access.Action) {
	var reach []string
	for _, g := range access.Grants(viewer, action) {
		var cond string
		switch g.Scope {
		case access.ScopeAny:
			cond = "true"
		case access.ScopeDepartment:
			if viewer.Department == "" {
				continue
			}
			cond = c.arg("coalesce(nullif(department, ''), 'district-' || district) = $?", viewer.Department)
		case access.ScopeOwn:
			cond = c.mine(viewer)
		default:
			continue
		}
		if len(g.Groups) > 0 {
			groups := make([]string, len(g.Groups))
			for i, gr := range g.Groups {
				groups[i] = string(gr)
			}
			cond = "(" + cond + " AND " + c.arg("service_group = ANY($?)", groups) + ")"
		}
		reach = append(reach, cond)
	}
	if len(reach) == 0 {
		reach = []string{"false"}
	}
	c.where = append(c.where, "("+strings.Join(reach, " OR ")+")")
}

// mine is the condition that the viewer applied for the case: online (their token subject)
// or at a counter for their national ID. Empty identifiers match nothing, so a token without
// a national ID claims no counter cases.
func (c *conds) mine(viewer access.Actor) string {
	return "(" + c.arg("(owner_subject = $? AND $? <> '')", viewer.Subject) + " OR " +
		c.arg("(applicant_nid_hash = $? AND $? <> '')", NationalIDHash(viewer.NationalID)) + ")"
}

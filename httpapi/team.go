package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/delegations"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// registerOffice registers the routes of the office's queues beyond /v1/me/queue.
func (s *Server) registerOffice(r gin.IRoutes) {
	r.GET("/v1/departments/:department/load", s.departmentLoad)              // a supervisor's team: open, overdue, due soon per official
	r.POST("/v1/cases/reassign", s.reassign)                                 // move a leaver's or listed cases to one official, one event each
	r.GET("/v1/delegations", s.listDelegations)                              // delegations from or to the caller's department
	r.POST("/v1/staff/:official/delegations", s.delegate)                    // an official's cases to a colleague for a period
	r.POST("/v1/staff/:official/delegations/:id/revoke", s.revokeDelegation) // end a delegation early
}

// officialLoad is one official's open cases in the team view, with the delegation that has
// their cases in a colleague's hands today, if any.
type officialLoad struct {
	Official string      `json:"official"`
	Role     access.Role `json:"role,omitempty"` // empty for an assignee no longer on the department's roster
	workqueue.Load
	DelegatedTo *delegatedTo `json:"delegated_to,omitempty"`
}

// delegatedTo is the delegate holding an official's cases and until when, in UTC and Jalali.
type delegatedTo struct {
	Official string             `json:"official"`
	Until    casesummary.Moment `json:"until"`
}

// teamLoad answers a department's supervisor: every official of its roster with their open,
// overdue and due-soon cases, the cases nobody has yet, and the department's totals.
type teamLoad struct {
	Department string         `json:"department"`
	Officials  []officialLoad `json:"officials"`
	Unassigned workqueue.Load `json:"unassigned"`
	Total      workqueue.Load `json:"total"`
}

// departmentLoad is GET /v1/departments/:department/load, from the roster, the work queue and
// the delegations in force.
func (s *Server) departmentLoad(c *gin.Context) {
	department := c.Param("department")
	if !access.IsDepartment(department) {
		s.writeError(c, domain.NotFound("no such department: "+department))
		return
	}
	// The role first, so a caller without it is refused as such; then the department.
	err := s.authorize(c, access.ViewTeamLoad, access.Target{})
	if err == nil {
		err = s.authorize(c, access.ViewTeamLoad, access.Target{Department: department})
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !s.awaitReadModel(c, workqueue.Name) {
		return
	}
	loads, err := s.cfg.Queues.Loads(c, department)
	var away delegations.Page
	if err == nil {
		away, err = s.cfg.Delegations.List(c, delegations.Query{Department: department, InForce: true, Limit: 500})
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := teamLoad{Department: department, Officials: []officialLoad{}}
	byOfficial := map[string]int{}
	for _, m := range catalogue.StaffOf(department) {
		byOfficial[m.ID] = len(out.Officials)
		out.Officials = append(out.Officials, officialLoad{Official: m.ID, Role: m.Role})
	}
	for _, l := range loads {
		out.Total.Open, out.Total.Overdue, out.Total.AtRisk = out.Total.Open+l.Open, out.Total.Overdue+l.Overdue, out.Total.AtRisk+l.AtRisk
		if l.Assignee == "" {
			out.Unassigned = l
			continue
		}
		i, ok := byOfficial[l.Assignee]
		if !ok { // assigned before they left the department's roster: still their cases until moved
			i = len(out.Officials)
			byOfficial[l.Assignee] = i
			out.Officials = append(out.Officials, officialLoad{Official: l.Assignee})
		}
		out.Officials[i].Load = l
	}
	for _, d := range away.Items {
		if i, ok := byOfficial[d.From]; ok {
			out.Officials[i].DelegatedTo = &delegatedTo{Official: d.To, Until: d.EndsDate}
		}
	}
	JSON(c, http.StatusOK, out)
}

package httpapi

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// reassignRequest moves the cases it lists, or every open case of From, to To.
type reassignRequest struct {
	To     string       `json:"to"`
	Reason string       `json:"reason"`
	From   string       `json:"from"`
	Cases  []caseAtBody `json:"cases"`
}

// caseAtBody is one case of a reassignment and, optionally, the revision it must still be at.
type caseAtBody struct {
	CaseID   uuid.UUID `json:"case_id"`
	Revision *uint64   `json:"revision"`
}

// reassignResult is one case's outcome: its new revision, or the problem that kept it.
type reassignResult struct {
	CaseID         uuid.UUID `json:"case_id"`
	TrackingNumber string    `json:"tracking_number,omitempty"`
	Status         int       `json:"status"`
	Revision       *uint64   `json:"revision,omitempty"`
	Problem        *Problem  `json:"problem,omitempty"`
}

type reassignResponse struct {
	To        string           `json:"to"`
	Succeeded int              `json:"succeeded"`
	Failed    int              `json:"failed"`
	Results   []reassignResult `json:"results"`
	// Position is the read-your-writes token of the last case moved; empty when none was.
	Position string `json:"position,omitempty"`
}

// reassign is POST /v1/cases/reassign: a supervisor moves a leaver's open cases (from) or a
// list of cases to another official. Each case is its own command and event; the answer is 200
// with one result per case, the failed ones as problems, unless the request itself is refused.
func (s *Server) reassign(c *gin.Context) {
	var req reassignRequest
	actor, err := s.actor(c)
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err == nil && (req.From == "") == (len(req.Cases) == 0) {
		err = domain.Invalid(domain.FieldError{Field: "cases", Code: "one_of",
			Message: "name either the cases to move or the official (from) whose open cases move, not both"})
	}
	if err == nil && req.From != "" {
		err = s.authorize(c, access.Reassign, access.Target{}) // before the queue says whose cases exist
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	if req.From != "" && !s.awaitReadModel(c, workqueue.Name) {
		return
	}
	numbers := map[uuid.UUID]string{}
	sel, err := s.selectCases(c, req, numbers)
	var done []commands.Reassigned
	if err == nil {
		done, err = s.cfg.Cases.Reassign(c, commands.Reassignment{To: req.To, Reason: req.Reason, Cases: sel}, actor)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := reassignResponse{To: req.To, Results: make([]reassignResult, len(done))}
	for i, d := range done {
		r := reassignResult{CaseID: d.CaseID, TrackingNumber: numbers[d.CaseID], Status: http.StatusOK}
		if d.Err != nil {
			p := s.problemOf(c, d.Err)
			r.Status, r.Problem = p.Status, &p
			out.Failed++
		} else {
			rev := d.Result.Revision
			r.Revision = &rev
			out.Succeeded++
			out.Position = d.Result.Position.String()
		}
		out.Results[i] = r
	}
	JSON(c, http.StatusOK, out)
}

// selectCases is the request's cases: those it lists, or every open case assigned to From
// as the work queue has them, each at the revision the queue shows, so a case that moved
// since is refused (412) rather than taken from whoever has it now.
func (s *Server) selectCases(c *gin.Context, req reassignRequest, numbers map[uuid.UUID]string) ([]commands.CaseAt, error) {
	if req.From == "" {
		out := make([]commands.CaseAt, len(req.Cases))
		for i, cs := range req.Cases {
			out[i] = commands.CaseAt{ID: cs.CaseID, Revision: cs.Revision}
		}
		return out, nil
	}
	page, err := s.cfg.Queues.Queue(c, workqueue.Query{Assignees: []string{req.From}, Limit: commands.MaxReassign + 1})
	if err != nil {
		return nil, err
	}
	if page.Total > commands.MaxReassign {
		return nil, domain.Invalid(domain.FieldError{Field: "from", Code: "too_many",
			Message: fmt.Sprintf("%s has %d open cases, more than %d at once; move them in lists of cases", req.From, page.Total, commands.MaxReassign)})
	}
	if page.Total == 0 {
		return nil, domain.RuleViolated(ruleNothingToReassign, req.From+" has no open cases")
	}
	out := make([]commands.CaseAt, len(page.Items))
	for i, it := range page.Items {
		rev := uint64(it.Revision)
		out[i] = commands.CaseAt{ID: it.CaseID, Revision: &rev}
		numbers[it.CaseID] = it.TrackingNumber
	}
	return out, nil
}

// ruleNothingToReassign refuses a move of an official's cases when they have none open.
const ruleNothingToReassign = "reassign.nothing_to_move"

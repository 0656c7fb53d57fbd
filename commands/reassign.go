package commands

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// MaxReassign bounds one bulk reassignment: a request answers within its timeouts, and a larger
// move is several requests.
const MaxReassign = 500

// Reassignment moves many cases to one official, each with the revision the caller saw.
type Reassignment struct {
	To     string
	Reason string
	Cases  []CaseAt
}

// CaseAt is a case and, when set, the revision it must still be at (an If-Match).
type CaseAt struct {
	ID       uuid.UUID
	Revision *uint64
}

// Reassigned is one case's outcome: its Result, or why it was not moved.
type Reassigned struct {
	CaseID uuid.UUID
	Result Result
	Err    error
}

// Reassign runs one Assign per case through Run, so each case is authorized, checked against
// its revision, decided and audited as its own event with the caller as actor and the reason;
// one case refused leaves the others moved, and the answer says which. The request as a whole
// is refused only for what no case could change: a role without access.Reassign, no reason, an
// official not on the roster, no cases, too many or one named twice. Under a retry seed each
// case's events keep their ids, so a retried request moves no case twice.
func (h *Cases) Reassign(ctx context.Context, r Reassignment, actor Actor) ([]Reassigned, error) {
	if err := validReassignment(r); err != nil {
		return nil, err
	}
	member, ok := catalogue.StaffMember(r.To)
	if !ok {
		return nil, domain.RuleViolated(cases.RuleAssignUnknownAssignee, fmt.Sprintf("%q is not on the city's staff roster", r.To))
	}
	if _, err := h.permit(actor, access.Reassign, access.Target{}, false); err != nil {
		return nil, err
	}
	cmd := cases.Assign{Assignee: r.To, Department: member.Department, Reason: r.Reason}
	out := make([]Reassigned, len(r.Cases))
	for i, c := range r.Cases {
		res, err := h.Run(ctx, c.ID, cmd, actor, c.Revision)
		out[i] = Reassigned{CaseID: c.ID, Result: res, Err: err}
	}
	return out, nil
}

func validReassignment(r Reassignment) error {
	var f domain.FieldErrors
	if r.To == "" {
		f.Add("to", "required", "the official who takes the cases is required")
	}
	if r.Reason == "" {
		f.Add("reason", "required", "a reassignment says why, for the audit trail")
	}
	switch n := len(r.Cases); {
	case n == 0:
		f.Add("cases", "required", "name at least one case, or an official whose open cases move")
	case n > MaxReassign:
		f.Add("cases", "too_many", fmt.Sprintf("at most %d cases at once; send the rest in another request", MaxReassign))
	}
	seen := make(map[uuid.UUID]bool, len(r.Cases))
	for _, c := range r.Cases {
		if seen[c.ID] {
			f.Add("cases", "duplicate", "case "+c.ID.String()+" is named twice")
		}
		seen[c.ID] = true
	}
	return f.Err()
}

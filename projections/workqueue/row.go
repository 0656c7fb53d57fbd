package workqueue

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/casetable"
)

// row is one case's work_queue row, every column, since a save replaces the row whole.
type row struct {
	CaseID      uuid.UUID `db:"case_id"`
	Service     string    `db:"service"`
	District    string    `db:"district"`
	Flow        string    `db:"flow"`
	Department  *string   `db:"department"`
	Assignee    *string   `db:"assignee"`
	Stage       string    `db:"stage"`
	WaitingOn   string    `db:"waiting_on"`
	Open        bool      `db:"open"`
	SubmittedAt time.Time `db:"submitted_at"`
	DueAt       time.Time `db:"due_at"`
	Revision    int64     `db:"revision"`
}

// apply folds one event into its case's row. Submitted gives a case its row when it has none;
// any other event changes a row only when it is newer than the row's revision, so a replayed
// event changes nothing, and records its type as the case's stage.
func apply(rs *casetable.Rows[row], e caseevent.Event) {
	r := rs.Get(e.CaseID)
	if ev, ok := e.Event.(*cases.Submitted); ok {
		if r == nil {
			rs.Add(e.CaseID, &row{
				CaseID: e.CaseID, Service: ev.Service, District: ev.District, Flow: string(ev.Flow),
				Stage: stage(e), WaitingOn: cases.WaitingOnStaff, Open: true, SubmittedAt: ev.At, DueAt: ev.DueAt,
				Revision: e.Revision,
			})
		}
		return
	}
	if r == nil || r.Revision >= e.Revision {
		return
	}
	switch ev := e.Event.(type) {
	case *cases.Assigned:
		// Copies, so the row does not point into the decoded event other read models share.
		assignee, department := ev.Assignee, ev.Department
		r.Assignee, r.Department = &assignee, &department
	case *cases.DocumentsRequested:
		r.WaitingOn = cases.WaitingOnApplicant
	case *cases.DocumentsProvided:
		r.WaitingOn, r.DueAt = cases.WaitingOnStaff, ev.DueAt
	case *cases.DeadlineExtended:
		r.DueAt = ev.DueAt
	case *cases.Decided:
		r.Open = ev.Outcome == cases.OutcomeApprove
	case *cases.Issued, *cases.Withdrawn, *cases.Cancelled, *cases.Closed, *cases.Revoked:
		r.Open = false
	case *cases.Reopened:
		r.Open = true
	}
	r.Stage, r.Revision = stage(e), e.Revision
	rs.Changed(e.CaseID)
}

// stage is the event's type without its stream and version, e.g. InspectionScheduled.
func stage(e caseevent.Event) string {
	return strings.TrimSuffix(strings.TrimPrefix(e.EventType(), "case."), ".v1")
}

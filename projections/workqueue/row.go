package workqueue

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/caseprogress"
	"github.com/shafaf-city/shafaf/projections/casetable"
)

// row is one case's work_queue row, every column, since a save replaces the row whole.
type row struct {
	CaseID         uuid.UUID       `db:"case_id"`
	TrackingNumber string          `db:"tracking_number"`
	Service        string          `db:"service"`
	District       string          `db:"district"`
	Flow           string          `db:"flow"`
	Department     *string         `db:"department"`
	Assignee       *string         `db:"assignee"`
	Stage          string          `db:"stage"`
	WaitingOn      string          `db:"waiting_on"`
	Open           bool            `db:"open"`
	SubmittedAt    time.Time       `db:"submitted_at"`
	DueAt          time.Time       `db:"due_at"`
	Revision       int64           `db:"revision"`
	Progress       json.RawMessage `db:"progress"` // the domain's cases.Progress, as JSON
	progress       caseprogress.Column
}

// apply folds one event into its case's row. Submitted gives a case its row when it has none;
// any other event changes a row only when it is newer than the row's revision, so a replayed
// event changes nothing. The stage, whom the case waits on, its due date and whether it is
// open come from the domain's fold of its progress; a note or a download leaves them as they are.
func apply(rs *casetable.Rows[row], e caseevent.Event) error {
	r := rs.Get(e.CaseID)
	if ev, ok := e.Event.(*cases.Submitted); ok {
		if r != nil {
			return nil
		}
		r = &row{CaseID: e.CaseID, TrackingNumber: ev.TrackingNumber, Service: ev.Service, District: ev.District, Flow: string(ev.Flow), SubmittedAt: ev.At}
		rs.Add(e.CaseID, r)
	} else if r == nil || r.Revision >= e.Revision {
		return nil
	}
	if ev, ok := e.Event.(*cases.Assigned); ok {
		// Copies, so the row does not point into the decoded event other read models share.
		assignee, department := ev.Assignee, ev.Department
		r.Assignee, r.Department = &assignee, &department
	}
	p, err := r.progress.Evolve(r.Progress, e.Event)
	if err != nil {
		return err
	}
	entry, _ := lifecycle.Of(p.Status)
	r.Stage, r.WaitingOn, r.DueAt, r.Open = string(p.Status), string(entry.WaitsOn), p.DueAt, !entry.Finished()
	r.Revision = e.Revision
	rs.Changed(e.CaseID)
	return nil
}

// Settle writes the folded progress into its column before the row is saved.
func (r *row) Settle() (err error) {
	r.Progress, err = r.progress.Encode(r.Progress)
	return err
}

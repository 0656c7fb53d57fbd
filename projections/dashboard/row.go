package dashboard

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/caseprogress"
	"github.com/shafaf-city/shafaf/projections/casetable"
)

// row is one case's dashboard_case row, every column, since a save replaces the row whole.
type row struct {
	CaseID         uuid.UUID       `db:"case_id"`
	Service        string          `db:"service"`
	District       string          `db:"district"`
	Flow           string          `db:"flow"`
	SubmittedAt    time.Time       `db:"submitted_at"`
	SubmittedDay   time.Time       `db:"submitted_day" pg:"date"`
	SubmittedMonth string          `db:"submitted_month"`
	DueAt          time.Time       `db:"due_at"`
	WaitingOn      string          `db:"waiting_on"`
	StretchSince   time.Time       `db:"stretch_since"`
	StaffDays      int             `db:"staff_days"`
	ApplicantDays  int             `db:"applicant_days"`
	DecidedAt      *time.Time      `db:"decided_at"`
	DecidedDay     *time.Time      `db:"decided_day" pg:"date"`
	DecidedMonth   *string         `db:"decided_month"`
	Outcome        *string         `db:"outcome"`
	DecisionDays   *int            `db:"decision_days"`
	WithinDeadline *bool           `db:"within_deadline"`
	WithdrawnDay   *time.Time      `db:"withdrawn_day" pg:"date"`
	WithdrawnMonth *string         `db:"withdrawn_month"`
	ClosedDay      *time.Time      `db:"closed_day" pg:"date"`
	ClosedMonth    *string         `db:"closed_month"`
	Revision       int64           `db:"revision"`
	Progress       json.RawMessage `db:"progress"` // the domain's cases.Progress, as JSON
	progress       caseprogress.Column
}

// apply folds one event into its case's row. Submitted gives a case its row when it has none;
// any other event changes a row only when it is newer than the row's revision, so a replayed
// event changes nothing. Whom the case waits on, its due date and its clock come from the
// domain's fold of its progress.
func (p *Projection) apply(rs *casetable.Rows[row], e caseevent.Event) error {
	r := rs.Get(e.CaseID)
	if ev, ok := e.Event.(*cases.Submitted); ok {
		if r != nil {
			return nil
		}
		r = &row{CaseID: e.CaseID, Service: ev.Service, District: ev.District, Flow: string(ev.Flow),
			SubmittedAt: ev.At, SubmittedDay: caseevent.Day(ev.At), SubmittedMonth: caseevent.Month(ev.At)}
		rs.Add(e.CaseID, r)
	} else if r == nil || r.Revision >= e.Revision {
		return nil
	}
	progress, err := r.progress.Evolve(r.Progress, e.Event)
	if err != nil {
		return err
	}
	r.WaitingOn, r.DueAt = string(progress.WaitingOn()), progress.DueAt
	r.StretchSince, r.StaffDays, r.ApplicantDays = progress.Clock.Since, progress.Clock.StaffDays, progress.Clock.ApplicantDays
	switch ev := e.Event.(type) {
	case *cases.Decided:
		p.decide(r, ev.At, string(ev.Outcome))
		if ev.Outcome != cases.OutcomeApprove {
			r.close(ev.At)
		}
	case *cases.FirstInstanceRuled:
		p.decide(r, ev.At, string(ev.Ruling.Kind))
	case *cases.Issued:
		if r.DecidedAt == nil { // a service without a decision step: issuing is its approval
			p.decide(r, ev.At, string(cases.OutcomeApprove))
		}
		r.close(ev.At)
	case *cases.Withdrawn:
		r.close(ev.At)
		r.WithdrawnDay, r.WithdrawnMonth = dayMonth(ev.At)
	case *cases.Cancelled, *cases.Closed:
		r.close(e.At)
	case *cases.Reopened:
		r.ClosedDay, r.ClosedMonth, r.WithdrawnDay, r.WithdrawnMonth = nil, nil, nil, nil
	}
	r.Revision = e.Revision
	rs.Changed(e.CaseID)
	return nil
}

// decide records the decision: staff working days are the closed stretches plus the current
// one (the clock cannot be paused at a decision); on time means not past the whole due day.
func (p *Projection) decide(r *row, at time.Time, outcome string) {
	staff := r.StaffDays + max(0, p.cal.WorkingDaysBetween(r.StretchSince, at))
	within := !workdays.Overdue(r.DueAt, at)
	r.DecidedAt, r.Outcome, r.DecisionDays, r.WithinDeadline = &at, &outcome, &staff, &within
	r.DecidedDay, r.DecidedMonth = dayMonth(at)
}

// close records the Tehran day and Jalali month the case closed.
func (r *row) close(at time.Time) {
	r.ClosedDay, r.ClosedMonth = dayMonth(at)
}

// dayMonth is the Tehran day and Jalali month of t, as the nullable columns hold them.
func dayMonth(t time.Time) (*time.Time, *string) {
	day, month := caseevent.Day(t), caseevent.Month(t)
	return &day, &month
}

// Settle writes the folded progress into its column before the row is saved.
func (r *row) Settle() (err error) {
	r.Progress, err = r.progress.Encode(r.Progress)
	return err
}

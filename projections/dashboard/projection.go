// Package dashboard is the dashboard read model: per service × day and district × month, how
// many cases came in, were decided, approved, rejected and withdrawn, the backlog, the median
// and 90th percentile of working days to decision without the applicant's time, and the share
// decided within the legal deadline. Staff screens read it; the transparency model publishes it.
package dashboard

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "dashboard"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection keeps one fact row per case.
type Projection struct {
	dec *caseevent.Decoder
	cal *workdays.Calendar
}

// New returns the projection, counting working days on the default legal calendar.
func New() (*Projection, error) {
	dec, err := caseevent.NewDecoder()
	return &Projection{dec: dec, cal: workdays.Default()}, err
}

// Name is the projection's identity.
func (p *Projection) Name() string { return Name }

// Migrations create its table.
func (p *Projection) Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// Filter reads case streams.
func (p *Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}
}

// row is what a decision needs of the case's facts.
type row struct {
	since, due time.Time
	staff      int
	decided    bool
}

// Handle applies one event. It first moves the row's revision, guarded, so a replayed event
// finds nothing to do.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	e, err := p.dec.Decode(rec)
	if err != nil {
		return err
	}
	if ev, ok := e.Event.(*cases.Submitted); ok {
		_, err := tx.Exec(ctx, `INSERT INTO dashboard_case (case_id, service, district, flow, submitted_at, submitted_day,
			submitted_month, due_at, stretch_since, revision) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$5,$9) ON CONFLICT (case_id) DO NOTHING`,
			e.CaseID, ev.Service, ev.District, string(ev.Flow), ev.At, caseevent.Day(ev.At), caseevent.Month(ev.At), ev.DueAt, e.Revision)
		return err
	}
	var r row
	err = tx.QueryRow(ctx, `UPDATE dashboard_case SET revision = $2 WHERE case_id = $1 AND revision < $2
		RETURNING stretch_since, due_at, staff_days, decided_at IS NOT NULL`, e.CaseID, e.Revision).Scan(&r.since, &r.due, &r.staff, &r.decided)
	if err == pgx.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	set := func(sql string, args ...any) error {
		_, err := tx.Exec(ctx, `UPDATE dashboard_case SET `+sql+` WHERE case_id = $1`, append([]any{e.CaseID}, args...)...)
		return err
	}
	closed := `closed_day = $2, closed_month = $3`
	switch ev := e.Event.(type) {
	case *cases.DocumentsRequested:
		return set(`waiting_on = 'applicant', stretch_since = $2, staff_days = staff_days + $3`, ev.At, ev.StaffWorkingDays)
	case *cases.DocumentsProvided:
		return set(`waiting_on = 'staff', stretch_since = $2, applicant_days = applicant_days + $3, due_at = $4`,
			ev.At, ev.PausedWorkingDays, ev.DueAt)
	case *cases.DeadlineExtended:
		return set(`due_at = $2`, ev.DueAt)
	case *cases.Decided:
		if err := p.decide(set, r, ev.At, string(ev.Outcome)); err != nil || ev.Outcome == cases.OutcomeApprove {
			return err
		}
		return set(closed, caseevent.Day(ev.At), caseevent.Month(ev.At))
	case *cases.FirstInstanceRuled:
		return p.decide(set, r, ev.At, string(ev.Ruling.Kind))
	case *cases.Issued:
		if !r.decided { // a service without a decision step: issuing is its approval
			if err := p.decide(set, r, ev.At, string(cases.OutcomeApprove)); err != nil {
				return err
			}
		}
		return set(closed, caseevent.Day(ev.At), caseevent.Month(ev.At))
	case *cases.Withdrawn:
		return set(closed+`, withdrawn_day = $2, withdrawn_month = $3`, caseevent.Day(ev.At), caseevent.Month(ev.At))
	case *cases.Cancelled, *cases.Closed:
		return set(closed, caseevent.Day(e.At), caseevent.Month(e.At))
	case *cases.Reopened:
		return set(`closed_day = NULL, closed_month = NULL, withdrawn_day = NULL, withdrawn_month = NULL`)
	}
	return nil
}

// decide records the decision: staff working days are the closed stretches plus the current
// one (the clock cannot be paused at a decision); on time means not past the whole due day.
func (p *Projection) decide(set func(string, ...any) error, r row, at time.Time, outcome string) error {
	staff := r.staff + max(0, p.cal.WorkingDaysBetween(r.since, at))
	return set(`decided_at = $2, decided_day = $3, decided_month = $4, outcome = $5, decision_days = $6, within_deadline = $7`,
		at, caseevent.Day(at), caseevent.Month(at), outcome, staff, !workdays.Overdue(r.due, at))
}

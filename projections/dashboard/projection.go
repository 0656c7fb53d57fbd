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

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
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

// row is what a decision needs of the case's facts, and the revision that guards them.
type row struct {
	since, due time.Time
	staff      int
	decided    bool
	revision   int64
}

// Handle applies one event: one round trip reads the case's row, one writes.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	unknown, err := p.HandleBatch(ctx, tx, []eventstore.RecordedEvent{rec})
	if err == nil && unknown > 0 {
		return projector.ErrUnknownEvent
	}
	return err
}

// queue writes one event against the rows read for its batch, which it keeps up to date. An
// event no newer than its row's revision finds nothing to do, so a replay changes nothing.
func (p *Projection) queue(w *projector.Writes, rows map[uuid.UUID]*row, e caseevent.Event) {
	r := rows[e.CaseID]
	if ev, ok := e.Event.(*cases.Submitted); ok {
		if r == nil {
			w.Exec(`INSERT INTO dashboard_case (case_id, service, district, flow, submitted_at, submitted_day,
			submitted_month, due_at, stretch_since, revision) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$5,$9) ON CONFLICT (case_id) DO NOTHING`,
				e.CaseID, ev.Service, ev.District, string(ev.Flow), ev.At, caseevent.Day(ev.At), caseevent.Month(ev.At), ev.DueAt, e.Revision)
			rows[e.CaseID] = &row{since: ev.At, due: ev.DueAt, revision: e.Revision}
		}
		return
	}
	if r == nil || r.revision >= e.Revision {
		return
	}
	r.revision = e.Revision
	// sql ends in ", " when it sets anything; its parameters start at $3.
	set := func(sql string, args ...any) {
		w.Exec(`UPDATE dashboard_case SET `+sql+`revision = $2 WHERE case_id = $1`, append([]any{e.CaseID, e.Revision}, args...)...)
	}
	closed := `closed_day = $3, closed_month = $4, `
	switch ev := e.Event.(type) {
	case *cases.DocumentsRequested:
		r.since, r.staff = ev.At, r.staff+ev.StaffWorkingDays
		set(`waiting_on = 'applicant', stretch_since = $3, staff_days = $4, `, r.since, r.staff)
	case *cases.DocumentsProvided:
		r.since, r.due = ev.At, ev.DueAt
		set(`waiting_on = 'staff', stretch_since = $3, applicant_days = applicant_days + $4, due_at = $5, `,
			r.since, ev.PausedWorkingDays, r.due)
	case *cases.DeadlineExtended:
		r.due = ev.DueAt
		set(`due_at = $3, `, r.due)
	case *cases.Decided:
		p.decide(set, r, ev.At, string(ev.Outcome))
		if ev.Outcome != cases.OutcomeApprove {
			set(closed, caseevent.Day(ev.At), caseevent.Month(ev.At))
		}
	case *cases.FirstInstanceRuled:
		p.decide(set, r, ev.At, string(ev.Ruling.Kind))
	case *cases.Issued:
		if !r.decided { // a service without a decision step: issuing is its approval
			p.decide(set, r, ev.At, string(cases.OutcomeApprove))
		}
		set(closed, caseevent.Day(ev.At), caseevent.Month(ev.At))
	case *cases.Withdrawn:
		set(closed+`withdrawn_day = $3, withdrawn_month = $4, `, caseevent.Day(ev.At), caseevent.Month(ev.At))
	case *cases.Cancelled, *cases.Closed:
		set(closed, caseevent.Day(e.At), caseevent.Month(e.At))
	case *cases.Reopened:
		set(`closed_day = NULL, closed_month = NULL, withdrawn_day = NULL, withdrawn_month = NULL, `)
	default:
		set(``)
	}
}

// decide records the decision: staff working days are the closed stretches plus the current
// one (the clock cannot be paused at a decision); on time means not past the whole due day.
func (p *Projection) decide(set func(string, ...any), r *row, at time.Time, outcome string) {
	staff := r.staff + max(0, p.cal.WorkingDaysBetween(r.since, at))
	r.decided = true
	set(`decided_at = $3, decided_day = $4, decided_month = $5, outcome = $6, decision_days = $7, within_deadline = $8, `,
		at, caseevent.Day(at), caseevent.Month(at), outcome, staff, !workdays.Overdue(r.due, at))
}

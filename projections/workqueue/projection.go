// Package workqueue is the work_queue read model: open cases per department and assignee by
// due date, with overdue and at-risk flags on the legal clock, so staff see what to do next.
package workqueue

import (
	"embed"
	"strings"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "work_queue"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection keeps one row per case.
type Projection struct {
	caseevent.Model
	projector.Queued
}

// New returns the projection.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}})
	p := &Projection{Model: m}
	p.Queued = projector.Queued{Q: p}
	return p, err
}

// Queue writes one event; every update is guarded by the row's revision, so a replayed event
// changes nothing.
func (p *Projection) Queue(w *projector.Writes, rec eventstore.RecordedEvent) error {
	e, err := p.Dec.Decode(rec)
	if err != nil {
		return err
	}
	stage := strings.TrimSuffix(strings.TrimPrefix(rec.Type, "case."), ".v1")
	up := func(set string, args ...any) error {
		w.Exec(`UPDATE work_queue SET `+set+`stage = $3, revision = $2
			WHERE case_id = $1 AND revision < $2`, append([]any{e.CaseID, e.Revision, stage}, args...)...)
		return nil
	}
	switch ev := e.Event.(type) {
	case *cases.Submitted:
		w.Exec(`INSERT INTO work_queue (case_id, service, district, flow, stage, submitted_at, due_at, revision)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (case_id) DO NOTHING`,
			e.CaseID, ev.Service, ev.District, string(ev.Flow), stage, ev.At, ev.DueAt, e.Revision)
		return nil
	case *cases.Assigned:
		return up(`assignee = $4, department = $5, `, ev.Assignee, ev.Department)
	case *cases.DocumentsRequested:
		return up(`waiting_on = 'applicant', `)
	case *cases.DocumentsProvided:
		return up(`waiting_on = 'staff', due_at = $4, `, ev.DueAt)
	case *cases.DeadlineExtended:
		return up(`due_at = $4, `, ev.DueAt)
	case *cases.Decided:
		return up(`open = $4, `, ev.Outcome == cases.OutcomeApprove)
	case *cases.Issued, *cases.Withdrawn, *cases.Cancelled, *cases.Closed, *cases.Revoked:
		return up(`open = false, `)
	case *cases.Reopened:
		return up(`open = true, `)
	}
	return up(``)
}

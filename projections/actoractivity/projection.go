// Package actoractivity is the actor_activity read model: every action on a case with who
// took it, in which role and request, and when, so auditors can follow one person's work.
package actoractivity

import (
	"embed"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "actor_activity"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection records one row per case or plot-hold event.
type Projection struct {
	caseevent.Model
	projector.Queued
}

// New returns the projection.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, caseevent.Filter())
	p := &Projection{Model: m}
	p.Queued = projector.Queued{Q: p}
	return p, err
}

// Queue records the event; (stream, revision) is the key, so a replay writes nothing twice.
func (p *Projection) Queue(w *projector.Writes, rec eventstore.RecordedEvent) error {
	e, err := p.Dec.Decode(rec)
	if err != nil {
		return err
	}
	m := rec.Metadata
	w.Exec(`INSERT INTO actor_activity (stream, revision, case_id, actor_id, actor_role, request_id,
		correlation_id, event_type, at, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
		ON CONFLICT (stream, revision) DO NOTHING`,
		rec.Stream, e.Revision, e.CaseID, m.ActorID, m.ActorRole, m.RequestID, m.CorrelationID, rec.Type, e.At, rec.RecordedAt)
	return nil
}

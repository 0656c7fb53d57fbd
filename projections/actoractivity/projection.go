// Package actoractivity is the actor_activity read model: every action on a case with who
// took it, in which role and request, and when, so auditors can follow one person's work.
package actoractivity

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/casetable"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "actor_activity"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection records one row per case or plot-hold event.
type Projection struct {
	caseevent.Model
}

// New returns the projection.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, caseevent.Filter())
	return &Projection{Model: m}, err
}

// insert writes a batch's rows in one statement. The runtime hands each event over once; the
// unique index on (stream, revision) would fail a batch that repeated one.
const insert = `INSERT INTO actor_activity (stream, revision, case_id, actor_id, actor_role, request_id,
	correlation_id, event_type, at, recorded_at)
	SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[],
		$7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])`

// Handle applies one event as a batch of one.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleOne(ctx, tx, p, rec)
}

// HandleBatch records every event of the batch the model knows in one statement.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	b, err := p.Dec.DecodeBatch(events)
	if err != nil {
		return b.Unknown, err
	}
	unknown = b.Unknown
	var c columns
	for i, e := range b.Events {
		c.add(b.Records[i], e)
	}
	if len(c.stream) == 0 {
		return unknown, nil
	}
	if _, err := tx.Exec(ctx, insert, c.stream, c.revision, casetable.UUIDs(c.caseID), c.actorID, c.actorRole, c.requestID,
		c.correlationID, c.eventType, c.at, c.recordedAt); err != nil {
		return unknown, fmt.Errorf("actor_activity: insert %d rows: %w", len(c.stream), err)
	}
	return unknown, nil
}

// columns are a batch's rows column by column, the shape unnest takes them in.
type columns struct {
	stream, actorID, actorRole, requestID, correlationID, eventType []string
	revision                                                        []int64
	caseID                                                          []uuid.UUID
	at, recordedAt                                                  []time.Time
}

// add appends the row of one event.
func (c *columns) add(rec *eventstore.RecordedEvent, e caseevent.Event) {
	m := rec.Metadata
	c.stream, c.revision, c.caseID = append(c.stream, rec.Stream), append(c.revision, e.Revision), append(c.caseID, e.CaseID)
	c.actorID, c.actorRole = append(c.actorID, m.ActorID), append(c.actorRole, m.ActorRole)
	c.requestID, c.correlationID = append(c.requestID, m.RequestID), append(c.correlationID, m.CorrelationID)
	c.eventType, c.at, c.recordedAt = append(c.eventType, rec.Type), append(c.at, e.At), append(c.recordedAt, rec.RecordedAt)
}

// Package actoractivity is the actor_activity read model: every action on a case with who
// took it, in which role and request, and when, so auditors can follow one person's work.
package actoractivity

import (
	"context"
	"embed"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/bulk"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "actor_activity"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection records one row per case, plot-hold or access-log event, with what the event
// states: a file read is logged outside its case's stream but is an action auditors follow all
// the same. It keeps each case's tracking number beside, to name the cases of a page.
type Projection struct {
	caseevent.Model
}

// New returns the projection.
func New() (*Projection, error) {
	f := caseevent.Filter()
	f.StreamPrefixes = append(f.StreamPrefixes, cases.AccessStreamPrefix)
	m, err := caseevent.NewModel(Name, migrations, f)
	return &Projection{Model: m}, err
}

// rows copies a batch's rows into the table in one round trip. The runtime hands each event
// over once; the unique index on (stream, revision) would fail a batch that repeated one.
var rows = bulk.New("actor_activity",
	bulk.Column{Name: "stream", Type: "text"}, bulk.Column{Name: "revision", Type: "bigint"},
	bulk.Column{Name: "case_id", Type: "uuid"}, bulk.Column{Name: "actor_id", Type: "text"},
	bulk.Column{Name: "actor_role", Type: "text"}, bulk.Column{Name: "request_id", Type: "text"},
	bulk.Column{Name: "correlation_id", Type: "text"}, bulk.Column{Name: "event_type", Type: "text"},
	bulk.Column{Name: "at", Type: "timestamptz"}, bulk.Column{Name: "recorded_at", Type: "timestamptz"},
	bulk.Column{Name: "facts", Type: "jsonb"})

// numbers copies the tracking numbers the batch's Submitted events give their cases.
var numbers = bulk.New("activity_case_numbers",
	bulk.Column{Name: "case_id", Type: "uuid"}, bulk.Column{Name: "tracking_number", Type: "text"})

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
	// One buffer holds every event's facts; each row's column is a slice of it.
	facts, buf := make([]json.RawMessage, len(b.Events)), make([]byte, 0, 64*len(b.Events))
	var numbered []int
	for i := range b.Events {
		f, _ := cases.FactsOf(b.Events[i].Event)
		start := len(buf)
		buf = appendFacts(buf, f)
		facts[i] = buf[start:len(buf):len(buf)]
		if s, ok := b.Events[i].Event.(*cases.Submitted); ok && s.TrackingNumber != "" {
			numbered = append(numbered, i)
		}
	}
	err = rows.Copy(ctx, tx, len(b.Events), func(i int, dst []any) {
		rec, e := b.Records[i], &b.Events[i]
		m := &rec.Metadata
		dst[0], dst[1], dst[2], dst[3], dst[4] = &rec.Stream, &e.Revision, bulk.UUID{UUID: &e.CaseID}, &m.ActorID, &m.ActorRole
		dst[5], dst[6], dst[7], dst[8], dst[9] = &m.RequestID, &m.CorrelationID, &rec.Type, &e.At, &rec.RecordedAt
		dst[10] = &facts[i]
	})
	if err != nil || len(numbered) == 0 {
		return b.Unknown, err
	}
	return b.Unknown, numbers.Copy(ctx, tx, len(numbered), func(i int, dst []any) {
		e := &b.Events[numbered[i]]
		dst[0], dst[1] = bulk.UUID{UUID: &e.CaseID}, &e.Event.(*cases.Submitted).TrackingNumber
	})
}

// Package casesummary is the case_summary read model: one row per case, for case pages and
// work queues. It owns its table and SQL.
package casesummary

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/casetable"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "case_summary_v2" // v2: status, waiting_on and due from the domain's fold

//go:embed migrations/*.sql
var migrations embed.FS

// Projection folds case events into case_summary rows.
type Projection struct {
	caseevent.Model
}

// New returns the projection. It reads case streams only; plot-hold streams are another
// model's business.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, caseevent.CaseFilter())
	return &Projection{Model: m}, err
}

// Handle applies one event as a batch of one.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleOne(ctx, tx, p, rec)
}

// pending is a decoded event of a batch with the record it came in, whose store time and
// metadata a submission's row keeps.
type pending struct {
	caseevent.Event
	rec *eventstore.RecordedEvent
}

// HandleBatch loads the rows of the cases the batch touches in one query, folds its events
// into them and writes the changed rows back in one statement.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	return projector.HandleStaged(ctx, tx, p.Stage(), events)
}

// Stage folds the batches of a catch-up transaction into one working set of rows.
func (p *Projection) Stage() projector.Stage { return &stage{p: p, rows: table.Rows()} }

// stage is the rows a transaction's batches fold into.
type stage struct {
	p    *Projection
	rows *casetable.Rows[row]
}

// Add loads the rows of the cases the batch touches that the stage lacks and folds its events.
func (s *stage) Add(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	decoded, err := s.p.Dec.DecodeBatch(events)
	if err != nil {
		return decoded.Unknown, fmt.Errorf("%s: %w", Name, err)
	}
	unknown = decoded.Unknown
	if len(decoded.Events) == 0 {
		return unknown, nil
	}
	evs := make([]pending, len(decoded.Events))
	ids := make([]uuid.UUID, len(decoded.Events))
	for i, e := range decoded.Events {
		evs[i], ids[i] = pending{Event: e, rec: decoded.Records[i]}, rowID(e)
	}
	if err := s.rows.Load(ctx, tx, ids, decoded.Started()); err != nil {
		return unknown, err
	}
	now := time.Now() // updated_at of a changed row is when its batch ran
	for _, e := range evs {
		if err := fold(s.rows, e, now); err != nil {
			return unknown, fmt.Errorf("%s: %s revision %d: %w", Name, e.rec.Stream, e.Revision, err)
		}
	}
	return unknown, nil
}

// Flush writes the rows that changed.
func (s *stage) Flush(ctx context.Context, tx pgx.Tx) error { return s.rows.Save(ctx, tx) }

// rowID is the row an event concerns. A submission names its case itself, and its row has
// always been keyed by that name rather than by the stream's.
func rowID(e caseevent.Event) uuid.UUID {
	if s, ok := e.Event.(*cases.Submitted); ok {
		return s.CaseID
	}
	return e.CaseID
}

// fold applies one event to its case's row. A submission adds the row unless the case has
// one; any other event changes the row only when it is newer than the row's revision, so a
// replayed event can never be applied twice.
func fold(rs *casetable.Rows[row], e pending, now time.Time) error {
	if s, ok := e.Event.Event.(*cases.Submitted); ok {
		if rs.Get(s.CaseID) != nil {
			return nil
		}
		r, err := submitted(s, e.Revision, e.rec)
		if err == nil {
			rs.Add(s.CaseID, r)
		}
		return err
	}
	r := rs.Get(e.CaseID)
	if r == nil || r.Revision >= e.Revision {
		return nil
	}
	if err := r.apply(e.Event.Event); err != nil {
		return err
	}
	r.Revision, r.UpdatedAt = e.Revision, now
	rs.Changed(e.CaseID)
	return nil
}

// submitted is a new case's first row.
func submitted(e *cases.Submitted, rev int64, rec *eventstore.RecordedEvent) (*row, error) {
	plot := ""
	if e.Plot != nil {
		plot = fmt.Sprintf("%d:%s", e.Plot.Section, e.Plot)
	}
	r := &row{
		CaseID: e.CaseID, Service: e.Service, CatalogueVersion: e.CatalogueVersion, Channel: e.Channel,
		District: e.District, SubmittedAt: e.At, Reasons: json.RawMessage(`[]`), Outstanding: json.RawMessage(`[]`),
		Revision: rev, UpdatedAt: rec.RecordedAt, Flow: string(e.Flow), Plot: &plot,
		ServiceGroup:     ptr(groupOf(e.CatalogueVersion, e.Service)),
		OwnerSubject:     nonEmpty(ownerSubject(rec.Metadata)),
		ApplicantNIDHash: nonEmpty(NationalIDHash(e.Personal.NationalID)),
		TrackingNumber:   nonEmpty(e.TrackingNumber),
		TrackKey:         nonEmpty(TrackKey(e.TrackingNumber, e.Personal.NationalID)),
		ApplicantNameKey: nonEmpty(ident.SearchKey(e.Personal.Name)),
	}
	return r, r.evolve(e)
}

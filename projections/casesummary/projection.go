// Package casesummary is the case_summary read model: one row per case, for case pages and
// work queues. It owns its table and SQL.
package casesummary

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "case_summary"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection folds case events into case_summary rows.
type Projection struct {
	registry *domain.Registry
}

// New returns the projection.
func New() (*Projection, error) {
	reg, err := cases.NewRegistry()
	if err != nil {
		return nil, err
	}
	return &Projection{registry: reg}, nil
}

// Name is the projection's identity.
func (p *Projection) Name() string { return Name }

// Migrations create its table.
func (p *Projection) Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// Filter selects case streams only; plot-hold streams are another model's business.
func (p *Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}
}

// Handle applies one event in one round trip.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleQueued(ctx, tx, p, rec)
}

// HandleBatch applies a whole batch in one round trip.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (int, error) {
	return projector.HandleBatchQueued(ctx, tx, p, events)
}

// Queue writes one event. Each statement is guarded by the stream revision so a replayed
// event can never be applied twice.
func (p *Projection) Queue(w *projector.Writes, rec eventstore.RecordedEvent) error {
	ev, err := p.registry.Decode(rec.Type, rec.Data)
	if err != nil {
		if _, unknown := err.(*domain.UnknownEventError); unknown {
			return projector.ErrUnknownEvent
		}
		return err
	}
	rev := int64(rec.Revision)
	switch e := ev.(type) {
	case *cases.Submitted:
		status, plot := cases.StatusSubmitted, ""
		if e.Flow == catalogue.FlowViolation {
			status = cases.StatusReported
		}
		if e.Plot != nil {
			plot = fmt.Sprintf("%d:%s", e.Plot.Section, e.Plot)
		}
		w.Exec(`INSERT INTO case_summary (case_id, service, catalogue_version, channel, district,
			status, submitted_at, revision, updated_at, flow, plot, due_at, service_group, owner_subject, applicant_nid_hash)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,NULLIF($14,''),NULLIF($15,''))
			ON CONFLICT (case_id) DO NOTHING`,
			e.CaseID, e.Service, e.CatalogueVersion, e.Channel, e.District, status, e.At, rev, rec.RecordedAt,
			string(e.Flow), plot, e.DueAt, groupOf(e.CatalogueVersion, e.Service), ownerSubject(rec.Metadata),
			NationalIDHash(e.Personal.NationalID))
	case *cases.IntakeAccepted:
		err = update(w, rec, `status = $3, intake_at = $4`, cases.StatusInReview, e.At)
	case *cases.Decided:
		status := cases.StatusRejected
		if e.Outcome == cases.OutcomeApprove {
			status = cases.StatusApproved
		}
		reasons, _ := json.Marshal(e.Reasons)
		err = update(w, rec, `status = $3, decided_at = $4, outcome = $5, reasons = $6, legal_basis = $7`,
			status, e.At, e.Outcome, reasons, e.LegalBasis)
	default:
		err = lifecycle(w, rec, ev)
	}
	return err
}

// update sets columns on the case's row when the event is newer than the row.
func update(w *projector.Writes, rec eventstore.RecordedEvent, set string, args ...any) error {
	id, err := caseIDOf(rec.Stream)
	if err != nil {
		return err
	}
	all := append([]any{id, int64(rec.Revision)}, args...)
	w.Exec(`UPDATE case_summary SET `+set+`, revision = $2, updated_at = now()
		WHERE case_id = $1 AND revision < $2`, all...)
	return nil
}

func caseIDOf(stream string) (string, error) {
	if len(stream) <= len(cases.StreamPrefix) {
		return "", fmt.Errorf("case_summary: stream %q is not a case stream", stream)
	}
	return stream[len(cases.StreamPrefix):], nil
}

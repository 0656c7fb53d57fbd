// Package delegations is the delegations read model: every delegation of an official's cases
// with its period and whether it was revoked, so a request learns whose cases its caller holds
// now and a department lists its delegations.
package delegations

import (
	"context"
	"embed"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/delegation"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "delegations"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection keeps one row per delegation.
type Projection struct {
	registry   *domain.Registry
	migrations fs.FS
}

// New returns the projection.
func New() (*Projection, error) {
	reg, err := delegation.NewRegistry()
	if err != nil {
		return nil, err
	}
	sub, err := fs.Sub(migrations, "migrations")
	return &Projection{registry: reg, migrations: sub}, err
}

// Name is the projection's identity.
func (p *Projection) Name() string { return Name }

// Migrations create the delegations table.
func (p *Projection) Migrations() fs.FS { return p.migrations }

// Filter selects the delegation streams.
func (p *Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{delegation.StreamPrefix}}
}

// Handle records a delegation or its revocation; a replayed event changes nothing.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	ev, err := p.registry.Decode(rec.Type, rec.Data)
	if err != nil {
		return projector.ErrUnknownEvent
	}
	switch e := ev.(type) {
	case *delegation.Recorded:
		from, _ := catalogue.StaffMember(e.From)
		to, _ := catalogue.StaffMember(e.To)
		_, err = tx.Exec(ctx, `INSERT INTO delegations (id, from_official, from_department, to_official, to_department,
			starts_at, ends_at, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (id) DO NOTHING`,
			e.ID, e.From, from.Department, e.To, to.Department, e.Starts, e.Ends, e.Reason, rec.Metadata.ActorID, e.At)
	case *delegation.Revoked:
		_, err = tx.Exec(ctx, `UPDATE delegations SET revoked_at = $2, revoked_by = $3, revoke_reason = $4
			WHERE id = $1 AND revoked_at IS NULL`, e.ID, e.At, rec.Metadata.ActorID, e.Reason)
	}
	return err
}

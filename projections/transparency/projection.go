// Package transparency is the public read model: the dashboard's aggregates with small cells
// suppressed, an open permit register, and monthly city-wide figures (violations reported and
// ruled, fees collected). It holds no personal data at all, so it can be published as is.
package transparency

import (
	"context"
	"embed"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "transparency"

// Monthly metrics.
const (
	MetricViolationsReported = "violations_reported"
	MetricViolationsRuled    = "violations_ruled"
	MetricFeesCollected      = "fees_collected_rials"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Projection folds case events into public tables.
type Projection struct{ dec *caseevent.Decoder }

// New returns the projection.
func New() (*Projection, error) {
	dec, err := caseevent.NewDecoder()
	return &Projection{dec: dec}, err
}

// Name is the projection's identity.
func (p *Projection) Name() string { return Name }

// Migrations create its tables.
func (p *Projection) Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// Filter reads case streams.
func (p *Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}
}

// Handle applies one event; the case row's revision guards it, so counters never count a
// replayed event twice.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	e, err := p.dec.Decode(rec)
	if err != nil {
		return err
	}
	if ev, ok := e.Event.(*cases.Submitted); ok {
		tag, err := tx.Exec(ctx, `INSERT INTO transparency_case (case_id, service, district, flow, revision)
			VALUES ($1,$2,$3,$4,$5) ON CONFLICT (case_id) DO NOTHING`, e.CaseID, ev.Service, ev.District, string(ev.Flow), e.Revision)
		if err != nil || tag.RowsAffected() == 0 || ev.Flow != catalogue.FlowViolation {
			return err
		}
		return count(ctx, tx, e, MetricViolationsReported, 1)
	}
	tag, err := tx.Exec(ctx, `UPDATE transparency_case SET revision = $2 WHERE case_id = $1 AND revision < $2`, e.CaseID, e.Revision)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	permit := func(set string, args ...any) error {
		_, err := tx.Exec(ctx, `UPDATE permit_register SET `+set+` WHERE case_id = $1`, append([]any{e.CaseID}, args...)...)
		return err
	}
	switch ev := e.Event.(type) {
	case *cases.FeeAssessed:
		in := ev.Assessment.Inputs
		_, err = tx.Exec(ctx, `UPDATE transparency_case SET land_use = $2, floors = $3, area_m2 = $4, fee_total = $5
			WHERE case_id = $1`, e.CaseID, in.Use, len(in.FloorAreas), float64(in.RequestedArea)/100, ev.Assessment.Total)
	case *cases.PaymentRecorded:
		return count(ctx, tx, e, MetricFeesCollected, ev.Rials)
	case *cases.FirstInstanceRuled:
		return count(ctx, tx, e, MetricViolationsRuled, 1)
	case *cases.Issued:
		_, err = tx.Exec(ctx, `INSERT INTO permit_register (case_id, permit_number, service, status, issued_at, valid_until,
			district, land_use, floors, area_m2, fee_total)
			SELECT case_id, $2, service, 'issued', $3, $4, district, land_use, floors, area_m2, fee_total
			FROM transparency_case WHERE case_id = $1 AND service LIKE 'permit.%'`, e.CaseID, ev.Number, ev.At, ev.ValidUntil)
	case *cases.Renewed:
		return permit(`status = 'issued', valid_until = $2`, ev.ValidUntil)
	case *cases.Expired:
		return permit(`status = 'expired'`)
	case *cases.Revoked:
		return permit(`status = 'revoked'`)
	case *cases.Reopened:
		return permit(`status = $2`, string(ev.Status))
	}
	return err
}

// count adds n to a monthly figure of the month the event happened in.
func count(ctx context.Context, tx pgx.Tx, e caseevent.Event, metric string, n int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO monthly (month, metric, value) VALUES ($1, $2, $3)
		ON CONFLICT (month, metric) DO UPDATE SET value = monthly.value + EXCLUDED.value`, caseevent.Month(e.At), metric, n)
	return err
}

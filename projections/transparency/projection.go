// Package transparency is the public read model: the dashboard's aggregates with small cells
// suppressed, an open permit register, and monthly city-wide figures (violations reported and
// ruled, fees collected). It holds no personal data at all, so it can be published as is.
package transparency

import (
	"embed"
	"fmt"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
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

// guard moves the case row's revision; a change that follows it in the same statement happens
// only when it did (g has a row), so counters never count a replayed event twice.
const guard = `WITH g AS (UPDATE transparency_case SET revision = $2 WHERE case_id = $1 AND revision < $2
	RETURNING case_id) `

// countSQL adds to a monthly figure once per row of g; month, metric and amount are the
// parameters from $k on.
func countSQL(k int) string {
	return fmt.Sprintf(`INSERT INTO monthly (month, metric, value) SELECT $%d, $%d, $%d FROM g
	ON CONFLICT (month, metric) DO UPDATE SET value = monthly.value + EXCLUDED.value`, k, k+1, k+2)
}

// Queue writes one event: its change and the revision guard as one statement.
func (p *Projection) Queue(w *projector.Writes, rec eventstore.RecordedEvent) error {
	e, err := p.Dec.Decode(rec)
	if err != nil {
		return err
	}
	change := func(sql string, args ...any) { w.Exec(guard+sql, append([]any{e.CaseID, e.Revision}, args...)...) }
	count := func(metric string, n int64) { change(countSQL(3), caseevent.Month(e.At), metric, n) }
	permit := func(set string, args ...any) {
		change(`UPDATE permit_register SET `+set+` WHERE case_id IN (SELECT case_id FROM g)`, args...)
	}
	switch ev := e.Event.(type) {
	case *cases.Submitted:
		insert := `INSERT INTO transparency_case (case_id, service, district, flow, revision)
			VALUES ($1,$3,$4,$5,$2) ON CONFLICT (case_id) DO NOTHING`
		args := []any{e.CaseID, e.Revision, ev.Service, ev.District, string(ev.Flow)}
		if ev.Flow != catalogue.FlowViolation {
			w.Exec(insert, args...)
			break
		}
		w.Exec(`WITH g AS (`+insert+` RETURNING case_id) `+countSQL(6), // counted once, when inserted
			append(args, caseevent.Month(e.At), MetricViolationsReported, int64(1))...)
	case *cases.FeeAssessed:
		in := ev.Assessment.Inputs
		// The guard and the change touch the same row, so they are one UPDATE.
		w.Exec(`UPDATE transparency_case SET revision = $2, land_use = $3, floors = $4, area_m2 = $5, fee_total = $6
			WHERE case_id = $1 AND revision < $2`,
			e.CaseID, e.Revision, in.Use, len(in.FloorAreas), float64(in.RequestedArea)/100, ev.Assessment.Total)
	case *cases.PaymentRecorded:
		count(MetricFeesCollected, ev.Rials)
	case *cases.FirstInstanceRuled:
		count(MetricViolationsRuled, 1)
	case *cases.Issued:
		change(`INSERT INTO permit_register (case_id, permit_number, service, status, issued_at, valid_until,
			district, land_use, floors, area_m2, fee_total)
			SELECT t.case_id, $3, t.service, 'issued', $4, $5, t.district, t.land_use, t.floors, t.area_m2, t.fee_total
			FROM transparency_case t JOIN g USING (case_id) WHERE t.service LIKE 'permit.%'`, ev.Number, ev.At, ev.ValidUntil)
	case *cases.Renewed:
		permit(`status = 'issued', valid_until = $3`, ev.ValidUntil)
	case *cases.Expired:
		permit(`status = 'expired'`)
	case *cases.Revoked:
		permit(`status = 'revoked'`)
	case *cases.Reopened:
		permit(`status = $3`, string(ev.Status))
	default:
		change(`SELECT FROM g`)
	}
	return nil
}

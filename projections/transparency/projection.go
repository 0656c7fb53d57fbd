// Package transparency is the public read model: the city's figures over every case with
// their breakdowns' small cells hidden so that none can be recovered by subtraction (Summary),
// an open permit register, and monthly city-wide figures (violations reported and ruled, fees
// collected). It holds no personal data at all, so it can be published as is.
package transparency

import (
	"context"
	"embed"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain"
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
}

// New returns the projection.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, caseevent.CaseFilter())
	return &Projection{Model: m}, err
}

// Handle applies one event as a batch of one.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleOne(ctx, tx, p, rec)
}

// HandleBatch loads the rows of the cases the batch touches, folds its events into them and
// writes each table back in one statement.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	return projector.HandleStaged(ctx, tx, p.Stage(), events)
}

// Stage folds the batches of a catch-up transaction into one working set of its tables.
func (p *Projection) Stage() projector.Stage {
	return &batch{dec: p.Dec, cases: caseTable.Rows(), permits: permitTable.Rows(), months: newMonthly()}
}

// batch is what a transaction's batches fold into.
type batch struct {
	dec     *caseevent.Decoder
	cases   *caseRows
	permits *permitRows
	months  *monthly
}

// Add loads the rows of the cases the events touch that the batch lacks and folds them.
func (b *batch) Add(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	decoded, err := b.dec.DecodeBatch(events)
	if err != nil || len(decoded.Events) == 0 {
		return decoded.Unknown, err
	}
	// Many events of a case (an assignment, an inspection, a request for documents) change
	// nothing published.
	kept := decoded.Only(matters)
	ids, started := kept.CaseIDs(), decoded.Started()
	if err := b.cases.Load(ctx, tx, ids, started); err != nil {
		return decoded.Unknown, err
	}
	if err := b.permits.Load(ctx, tx, ids, started); err != nil {
		return decoded.Unknown, err
	}
	for _, e := range kept.Events {
		if err := b.apply(e); err != nil {
			return decoded.Unknown, err
		}
	}
	return decoded.Unknown, nil
}

// matters reports whether apply acts on ev: a submission, the figures and counts published,
// or an event of the permit's life. No other event reaches apply.
func matters(ev domain.Event) bool {
	switch ev.(type) {
	case *cases.Submitted, *cases.FeeAssessed, *cases.PaymentRecorded, *cases.FirstInstanceRuled,
		*cases.Issued, *cases.Renewed, *cases.Expired, *cases.Revoked, *cases.Reopened:
		return true
	}
	return false
}

// Flush writes the changed rows and the months' sums.
func (b *batch) Flush(ctx context.Context, tx pgx.Tx) error {
	if err := b.cases.Save(ctx, tx); err != nil {
		return err
	}
	if err := b.permits.Save(ctx, tx); err != nil {
		return err
	}
	return b.months.save(ctx, tx)
}

// apply folds one event that matters. An event no newer than its case row's revision (the
// last event applied to it) changes nothing, so counters never count a replayed event twice;
// a case's first Submitted inserts its row, and a violation is counted as reported then.
func (b *batch) apply(e caseevent.Event) error {
	c := b.cases.Get(e.CaseID)
	if ev, ok := e.Event.(*cases.Submitted); ok {
		if c == nil {
			b.cases.Add(e.CaseID, &caseRow{CaseID: e.CaseID, Service: ev.Service, District: ev.District,
				Flow: string(ev.Flow), Revision: e.Revision})
			if ev.Flow == catalogue.FlowViolation {
				b.months.add(caseevent.Month(e.At), MetricViolationsReported, 1)
			}
		}
		return nil
	}
	if c == nil || c.Revision >= e.Revision {
		return nil
	}
	c.Revision = e.Revision
	b.cases.Changed(e.CaseID)
	switch ev := e.Event.(type) {
	case *cases.FeeAssessed:
		in := ev.Assessment.Inputs
		use, floors, area := in.Use, len(in.FloorAreas), float64(in.RequestedArea)/100
		c.LandUse, c.Floors, c.AreaM2, c.FeeTotal = &use, &floors, &area, ev.Assessment.Total
	case *cases.PaymentRecorded:
		b.months.add(caseevent.Month(e.At), MetricFeesCollected, ev.Rials)
	case *cases.FirstInstanceRuled:
		b.months.add(caseevent.Month(e.At), MetricViolationsRuled, 1)
	case *cases.Issued:
		if !strings.HasPrefix(c.Service, "permit.") {
			break
		}
		if old := b.permits.Get(e.CaseID); old != nil { // the register's primary key refuses it
			return fmt.Errorf("permit_register: case %s already has permit %s", e.CaseID, old.PermitNumber)
		}
		b.permits.Add(e.CaseID, &permitRow{CaseID: e.CaseID, PermitNumber: ev.Number, Service: c.Service,
			Status: "issued", IssuedAt: ev.At, ValidUntil: ev.ValidUntil, District: c.District,
			LandUse: c.LandUse, Floors: c.Floors, AreaM2: c.AreaM2, FeeTotal: c.FeeTotal})
	case *cases.Renewed:
		b.setPermit(e.CaseID, func(r *permitRow) { r.Status, r.ValidUntil = "issued", &ev.ValidUntil })
	case *cases.Expired:
		b.setPermit(e.CaseID, func(r *permitRow) { r.Status = "expired" })
	case *cases.Revoked:
		b.setPermit(e.CaseID, func(r *permitRow) { r.Status = "revoked" })
	case *cases.Reopened:
		b.setPermit(e.CaseID, func(r *permitRow) { r.Status = string(ev.Status) })
	}
	return nil
}

// setPermit changes the case's permit, when it has one.
func (b *batch) setPermit(id uuid.UUID, set func(*permitRow)) {
	if r := b.permits.Get(id); r != nil {
		set(r)
		b.permits.Changed(id)
	}
}

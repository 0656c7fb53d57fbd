// Package certificates is the certificate_registry read model: every issued certificate or
// permit with its status, so anyone holding one can check it with its number and code. It
// keeps no personal data and stores codes only hashed.
package certificates

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "certificate_registry"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection folds issuance events into the register.
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

// event is a decoded event with the id of the stored event, which salts its code.
type event struct {
	caseevent.Event
	id uuid.UUID
}

// HandleBatch loads the rows of the cases the batch touches, folds its events into them and
// writes each table back in one statement.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	return projector.HandleStaged(ctx, tx, p.Stage(), events)
}

// Stage folds the batches of a catch-up transaction into one working set of both tables.
func (p *Projection) Stage() projector.Stage {
	return &batch{dec: p.Dec, cases: caseTable.Rows(), certs: certTable.Rows()}
}

// batch is what a transaction's batches fold into.
type batch struct {
	dec   *caseevent.Decoder
	cases *caseRows
	certs *certRows
}

// Add loads the rows of the cases the events touch that the batch lacks and folds them.
func (b *batch) Add(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	decoded, err := b.dec.DecodeBatch(events)
	if err != nil || len(decoded.Events) == 0 {
		return decoded.Unknown, err
	}
	// Most events of a case (an assignment, an inspection, a payment) change nothing in the
	// register.
	kept := decoded.Only(matters)
	ids, started := kept.CaseIDs(), decoded.Started()
	if err := b.cases.Load(ctx, tx, ids, started); err != nil {
		return decoded.Unknown, err
	}
	if err := b.certs.Load(ctx, tx, ids, started); err != nil {
		return decoded.Unknown, err
	}
	for i, e := range kept.Events {
		if err := b.apply(event{e, kept.Records[i].ID}); err != nil {
			return decoded.Unknown, err
		}
	}
	return decoded.Unknown, nil
}

// matters reports whether apply acts on ev: a submission, an assessment (what the document
// will permit), or an event of the certificate's life. No other event reaches apply.
func matters(ev domain.Event) bool {
	switch ev.(type) {
	case *cases.Submitted, *cases.FeeAssessed, *cases.Issued, *cases.Renewed, *cases.Expired, *cases.Revoked, *cases.Reopened:
		return true
	}
	return false
}

// Flush writes both tables' changed rows.
func (b *batch) Flush(ctx context.Context, tx pgx.Tx) error {
	if err := b.cases.Save(ctx, tx); err != nil {
		return err
	}
	return b.certs.Save(ctx, tx)
}

// apply folds one event that matters. An event no newer than its case row's revision (the
// last event applied to it) changes nothing, so an event applied twice changes nothing the
// second time; a case's first Submitted inserts its row.
func (b *batch) apply(e event) error {
	c := b.cases.Get(e.CaseID)
	if ev, ok := e.Event.Event.(*cases.Submitted); ok {
		if c == nil {
			row := &caseRow{CaseID: e.CaseID, Service: ev.Service, District: ev.District, Revision: e.Revision}
			if ev.Plot != nil {
				plot, section := ev.Plot.String(), ev.Plot.Section
				row.Plot, row.Section = &plot, &section
			}
			b.cases.Add(e.CaseID, row)
		}
		return nil
	}
	if c == nil || c.Revision >= e.Revision {
		return nil
	}
	c.Revision = e.Revision
	b.cases.Changed(e.CaseID)
	switch ev := e.Event.Event.(type) {
	case *cases.FeeAssessed:
		in := ev.Assessment.Inputs
		use, floors, area := in.Use, len(in.FloorAreas), int64(in.RequestedArea)
		c.LandUse, c.Floors, c.AreaDM2 = &use, &floors, &area
	case *cases.Issued:
		if old := b.certs.Get(e.CaseID); old != nil { // the register's primary key refuses it
			return fmt.Errorf("certificate: case %s already has certificate %s", e.CaseID, old.Number)
		}
		salt := e.id[:] // unique per event and stable across rebuilds
		row := &certRow{CaseID: e.CaseID, Number: ev.Number, Service: c.Service, District: c.District,
			Plot: c.Plot, Section: c.Section, Document: ev.Document, Salt: salt, CodeHash: hash(salt, ev.VerificationCode), IssuedAt: ev.At,
			ValidUntil: ev.ValidUntil, Status: "valid", LandUse: c.LandUse, Floors: c.Floors, AreaDM2: c.AreaDM2}
		if ev.Zoning != nil {
			z, err := json.Marshal(ev.Zoning)
			if err != nil {
				return err
			}
			s := string(z)
			row.Zoning = &s
		}
		b.certs.Add(e.CaseID, row)
	case *cases.Renewed:
		b.setCert(e.CaseID, func(r *certRow) { r.ValidUntil, r.Status = &ev.ValidUntil, "valid" })
	case *cases.Expired:
		b.setCert(e.CaseID, func(r *certRow) { r.Status = "expired" })
	case *cases.Revoked:
		b.setCert(e.CaseID, func(r *certRow) { r.Status = "revoked" })
	case *cases.Reopened:
		if ev.Status == cases.StatusIssued {
			b.setCert(e.CaseID, func(r *certRow) { r.Status = "valid" })
		}
	}
	return nil
}

// setCert changes the case's certificate, when it has one.
func (b *batch) setCert(id uuid.UUID, set func(*certRow)) {
	if r := b.certs.Get(id); r != nil {
		set(r)
		b.certs.Changed(id)
	}
}

// hash is what the register keeps of a verification code.
func hash(salt []byte, code string) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(code))
	return h.Sum(nil)
}

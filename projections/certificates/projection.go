// Package certificates is the certificate_registry read model: every issued certificate or
// permit with its status, so anyone holding one can check it with its number and code. It
// keeps no personal data and stores codes only hashed.
package certificates

import (
	"context"
	"crypto/sha256"
	"embed"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "certificate_registry"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection folds issuance events into the register.
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

// Filter reads case streams; holds say nothing about documents.
func (p *Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}
}

// Handle applies one event. The case row's revision guards every change, so an event applied
// twice changes nothing the second time.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	e, err := p.dec.Decode(rec)
	if err != nil {
		return err
	}
	if sub, ok := e.Event.(*cases.Submitted); ok {
		_, err := tx.Exec(ctx, `INSERT INTO certificate_case (case_id, service, district, revision)
			VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING`, e.CaseID, sub.Service, sub.District, e.Revision)
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE certificate_case SET revision = $2 WHERE case_id = $1 AND revision < $2`, e.CaseID, e.Revision)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	switch ev := e.Event.(type) {
	case *cases.Issued:
		salt := rec.ID[:] // unique per event and stable across rebuilds
		_, err = tx.Exec(ctx, `INSERT INTO certificate (number, case_id, service, district, document, salt, code_hash,
			issued_at, valid_until, status) SELECT $1, case_id, service, district, $3, $4, $5, $6, $7, 'valid'
			FROM certificate_case WHERE case_id = $2`,
			ev.Number, e.CaseID, ev.Document, salt, hash(salt, ev.VerificationCode), ev.At, ev.ValidUntil)
	case *cases.Renewed:
		_, err = tx.Exec(ctx, `UPDATE certificate SET valid_until = $2, status = 'valid' WHERE case_id = $1`, e.CaseID, ev.ValidUntil)
	case *cases.Expired:
		_, err = tx.Exec(ctx, `UPDATE certificate SET status = 'expired' WHERE case_id = $1`, e.CaseID)
	case *cases.Revoked:
		_, err = tx.Exec(ctx, `UPDATE certificate SET status = 'revoked' WHERE case_id = $1`, e.CaseID)
	case *cases.Reopened:
		if ev.Status == cases.StatusIssued {
			_, err = tx.Exec(ctx, `UPDATE certificate SET status = 'valid' WHERE case_id = $1`, e.CaseID)
		}
	}
	return err
}

// hash is what the register keeps of a verification code.
func hash(salt []byte, code string) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(code))
	return h.Sum(nil)
}

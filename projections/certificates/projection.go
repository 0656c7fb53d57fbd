// Package certificates is the certificate_registry read model: every issued certificate or
// permit with its status, so anyone holding one can check it with its number and code. It
// keeps no personal data and stores codes only hashed.
package certificates

import (
	"crypto/sha256"
	"embed"

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
// only when it did (g has a row), so an event applied twice changes nothing the second time.
const guard = `WITH g AS (UPDATE certificate_case SET revision = $2 WHERE case_id = $1 AND revision < $2
	RETURNING case_id) `

// Queue writes one event: its change and the revision guard as one statement.
func (p *Projection) Queue(w *projector.Writes, rec eventstore.RecordedEvent) error {
	e, err := p.Dec.Decode(rec)
	if err != nil {
		return err
	}
	change := func(sql string, args ...any) { w.Exec(guard+sql, append([]any{e.CaseID, e.Revision}, args...)...) }
	setStatus := func(status string) {
		change(`UPDATE certificate SET status = $3 WHERE case_id IN (SELECT case_id FROM g)`, status)
	}
	switch ev := e.Event.(type) {
	case *cases.Submitted:
		w.Exec(`INSERT INTO certificate_case (case_id, service, district, revision)
			VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING`, e.CaseID, ev.Service, ev.District, e.Revision)
	case *cases.Issued:
		salt := rec.ID[:] // unique per event and stable across rebuilds
		change(`INSERT INTO certificate (number, case_id, service, district, document, salt, code_hash,
			issued_at, valid_until, status) SELECT $3, c.case_id, c.service, c.district, $4, $5, $6, $7, $8, 'valid'
			FROM certificate_case c JOIN g USING (case_id)`,
			ev.Number, ev.Document, salt, hash(salt, ev.VerificationCode), ev.At, ev.ValidUntil)
	case *cases.Renewed:
		change(`UPDATE certificate SET valid_until = $3, status = 'valid' WHERE case_id IN (SELECT case_id FROM g)`, ev.ValidUntil)
	case *cases.Expired:
		setStatus("expired")
	case *cases.Revoked:
		setStatus("revoked")
	case *cases.Reopened:
		if ev.Status == cases.StatusIssued {
			setStatus("valid")
		} else {
			change(`SELECT FROM g`)
		}
	default:
		change(`SELECT FROM g`)
	}
	return nil
}

// hash is what the register keeps of a verification code.
func hash(salt []byte, code string) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(code))
	return h.Sum(nil)
}

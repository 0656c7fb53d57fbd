package certificates

import (
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/projections/casetable"
)

// caseRow is a certificate_case row: what a certificate copies from its case, and the
// revision that guards it.
type caseRow struct {
	CaseID   uuid.UUID `db:"case_id"`
	Service  string    `db:"service"`
	District string    `db:"district"`
	Plot     *string   `db:"plot"` // "1617/72", nil when the case names no plot
	Section  *int      `db:"plot_section"`
	Revision int64     `db:"revision"`
	// What the last fee assessment recorded of the building, copied into the certificate.
	LandUse *string `db:"land_use"`
	Floors  *int    `db:"floors"`
	AreaDM2 *int64  `db:"area_dm2"`
}

// certRow is a certificate row: one issued document, its code only salted and hashed.
type certRow struct {
	CaseID     uuid.UUID  `db:"case_id"`
	Number     string     `db:"number"`
	Service    string     `db:"service"`
	District   string     `db:"district"`
	Plot       *string    `db:"plot"`
	Section    *int       `db:"plot_section"`
	Document   string     `db:"document"`
	Salt       []byte     `db:"salt"`
	CodeHash   []byte     `db:"code_hash"`
	IssuedAt   time.Time  `db:"issued_at"`
	ValidUntil *time.Time `db:"valid_until"`
	Status     string     `db:"status"`
	LandUse    *string    `db:"land_use"`
	Floors     *int       `db:"floors"`
	AreaDM2    *int64     `db:"area_dm2"`
	Zoning     *string    `db:"zoning" pg:"jsonb"` // a land-use reply's cases.Zoning
}

type (
	caseRows = casetable.Rows[caseRow]
	certRows = casetable.Rows[certRow]
)

var (
	caseTable = casetable.New[caseRow]("certificate_case")
	certTable = casetable.New[certRow]("certificate")
)

package transparency

import (
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/projections/casetable"
)

// caseRow is a transparency_case row: what the register publishes about a case, and the
// revision that guards it.
type caseRow struct {
	CaseID   uuid.UUID `db:"case_id"`
	Service  string    `db:"service"`
	District string    `db:"district"`
	Flow     string    `db:"flow"`
	LandUse  *string   `db:"land_use"`
	Floors   *int      `db:"floors"`
	AreaM2   *float64  `db:"area_m2" pg:"numeric"`
	FeeTotal int64     `db:"fee_total"`
	Revision int64     `db:"revision"`
}

// permitRow is a permit_register row: one issued permit with the case's figures when it was
// issued.
type permitRow struct {
	CaseID       uuid.UUID  `db:"case_id"`
	PermitNumber string     `db:"permit_number"`
	Service      string     `db:"service"`
	Status       string     `db:"status"`
	IssuedAt     time.Time  `db:"issued_at"`
	ValidUntil   *time.Time `db:"valid_until"`
	District     string     `db:"district"`
	LandUse      *string    `db:"land_use"`
	Floors       *int       `db:"floors"`
	AreaM2       *float64   `db:"area_m2" pg:"numeric"`
	FeeTotal     int64      `db:"fee_total"`
}

type (
	caseRows   = casetable.Rows[caseRow]
	permitRows = casetable.Rows[permitRow]
)

var (
	caseTable   = casetable.New[caseRow]("transparency_case")
	permitTable = casetable.New[permitRow]("permit_register")
)

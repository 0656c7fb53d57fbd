package transparency

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// MinCell is the smallest count published: a group of fewer cases could point at a person,
// so such counts are hidden (see hide).
const MinCell = 5

// Permit is one entry of the open permit register (BLDS-style): never names or national IDs.
type Permit struct {
	CaseID       uuid.UUID  `json:"case_id"`
	PermitNumber string     `json:"permit_number"`
	Service      string     `json:"service"`
	Status       string     `json:"status"` // issued, expired or revoked
	IssuedAt     time.Time  `json:"issued_date"`
	ValidUntil   *time.Time `json:"valid_until,omitempty"`
	District     string     `json:"district"`
	LandUse      *string    `json:"land_use"`
	Floors       *int       `json:"floors"`
	AreaM2       *float64   `json:"area_m2"`
	FeeTotal     int64      `json:"fee_total_rials"`
}

// MonthFigures are the city-wide figures of one Jalali month.
type MonthFigures struct {
	Month              string `json:"month"` // "1405/03"
	ViolationsReported int64  `json:"violations_reported"`
	ViolationsRuled    int64  `json:"violations_ruled"`
	FeesCollected      int64  `json:"fees_collected_rials"`
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers the public dashboard and open data.
type Reader struct{ Reads Reads }

// Permits is a page of the permit register, newest first.
func (r Reader) Permits(ctx context.Context, limit, offset int) ([]Permit, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	var out []Permit
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT case_id, permit_number, service, status, issued_at, valid_until, district,
			land_use, floors, area_m2::float8, fee_total FROM permit_register ORDER BY issued_at DESC, case_id LIMIT $1 OFFSET $2`,
			limit, max(offset, 0))
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Permit])
		return err
	})
	return out, err
}

// Months are the city-wide monthly figures, oldest first.
func (r Reader) Months(ctx context.Context) ([]MonthFigures, error) {
	var out []MonthFigures
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT month,
			coalesce(sum(value) FILTER (WHERE metric = $1), 0)::int8, coalesce(sum(value) FILTER (WHERE metric = $2), 0)::int8,
			coalesce(sum(value) FILTER (WHERE metric = $3), 0)::int8 FROM monthly GROUP BY month ORDER BY month`,
			MetricViolationsReported, MetricViolationsRuled, MetricFeesCollected)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[MonthFigures])
		return err
	})
	return out, err
}

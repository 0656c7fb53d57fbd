package transparency

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/projections/dashboard"
)

// MinCell is the smallest count published: a cell of fewer cases could point at a person, so
// its figures are suppressed (null in JSON).
const MinCell = 5

// Cell is a public aggregate: a service or district in a day or month. A nil count or figure
// is suppressed because fewer than MinCell cases stand behind it.
type Cell struct {
	Key            string   `json:"key"`    // service key or district
	Bucket         string   `json:"bucket"` // Tehran day "2026-06-01" or Jalali month "1405/03"
	Submitted      *int     `json:"submitted"`
	Decided        *int     `json:"decided"`
	Approved       *int     `json:"approved"`
	Rejected       *int     `json:"rejected"`
	Withdrawn      *int     `json:"withdrawn"`
	Backlog        *int     `json:"backlog"`
	MedianDays     *float64 `json:"median_days"`     // working days with staff to decision
	P90Days        *float64 `json:"p90_days"`        // 90th percentile of the same
	WithinDeadline *float64 `json:"within_deadline"` // share decided within the legal deadline, 0..1
	StaffDays      *int     `json:"staff_days"`
	ApplicantDays  *int     `json:"applicant_days"`
}

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

// Backlog is one service's open cases by whose turn it is; nil when suppressed.
type Backlog struct {
	Service          string `json:"service"`
	WaitingStaff     *int   `json:"waiting_on_staff"`
	WaitingApplicant *int   `json:"waiting_on_applicant"`
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers the public dashboard and open data.
type Reader struct{ Reads Reads }

// Aggregates are the dashboard's cells with every count under MinCell suppressed, and the
// timing figures suppressed when fewer than MinCell cases were decided.
func (r Reader) Aggregates(ctx context.Context, dim dashboard.Dimension, per dashboard.Period) ([]Cell, error) {
	cells, err := dashboard.Reader{Reads: r.Reads}.Aggregate(ctx, dim, per, "")
	if err != nil {
		return nil, err
	}
	out := make([]Cell, len(cells))
	for i, c := range cells {
		out[i] = Cell{Key: c.Key, Bucket: c.Bucket, Submitted: atLeast(c.Submitted), Decided: atLeast(c.Decided),
			Approved: atLeast(c.Approved), Rejected: atLeast(c.Rejected), Withdrawn: atLeast(c.Withdrawn), Backlog: atLeast(c.Backlog)}
		if c.Decided >= MinCell {
			out[i].MedianDays, out[i].P90Days, out[i].WithinDeadline = c.MedianDays, c.P90Days, c.WithinDeadline
			out[i].StaffDays, out[i].ApplicantDays = &c.StaffDays, &c.ApplicantDays
		}
	}
	return out, nil
}

// Backlogs are the open cases per service, small counts suppressed.
func (r Reader) Backlogs(ctx context.Context) ([]Backlog, error) {
	bs, err := dashboard.Reader{Reads: r.Reads}.Backlogs(ctx)
	out := make([]Backlog, len(bs))
	for i, b := range bs {
		out[i] = Backlog{Service: b.Service, WaitingStaff: atLeast(b.WaitingStaff), WaitingApplicant: atLeast(b.WaitingApplicant)}
	}
	return out, err
}

// atLeast publishes n only when it is at least MinCell; zero is published (it names nobody).
func atLeast(n int) *int {
	if n > 0 && n < MinCell {
		return nil
	}
	return &n
}

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

package dashboard

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Dimension is what the aggregates are broken down by.
type Dimension string

// The two breakdowns.
const (
	ByService  Dimension = "service"
	ByDistrict Dimension = "district"
)

// Period is the time bucket of an aggregate.
type Period string

// Days are Tehran days ("2026-06-01"); months are Jalali months ("1405/03").
const (
	Day   Period = "day"
	Month Period = "month"
)

// Cell is one service or district in one day or month. Counts are of cases submitted, decided,
// withdrawn in the bucket; Backlog is the cases open at its end. The timing figures are over
// the cases decided in the bucket and nil when none was.
type Cell struct {
	Key            string   `json:"key"`    // the service key or district
	Bucket         string   `json:"bucket"` // the day or month
	Submitted      int      `json:"submitted"`
	Decided        int      `json:"decided"`
	Approved       int      `json:"approved"`
	Rejected       int      `json:"rejected"`
	Withdrawn      int      `json:"withdrawn"`
	Backlog        int      `json:"backlog"`
	MedianDays     *float64 `json:"median_days"`     // working days with staff, submission to decision
	P90Days        *float64 `json:"p90_days"`        // 90th percentile of the same
	WithinDeadline *float64 `json:"within_deadline"` // share of decisions made within the legal deadline, 0..1
	StaffDays      int      `json:"staff_days"`      // working days the decided cases spent with staff
	ApplicantDays  int      `json:"applicant_days"`  // and waiting on the applicant
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers dashboard questions from the live generation.
type Reader struct{ Reads Reads }

// aggregateSQL computes the cells: every case contributes to the bucket of each thing that
// happened to it; the backlog is the running sum of submissions minus closures.
const aggregateSQL = `WITH facts AS (
	SELECT %[1]s AS key, %[2]s AS bucket, 1 AS s, 0 AS d, 0 AS a, 0 AS r, 0 AS w, 0 AS c,
		NULL::int AS days, NULL::int AS ontime, 0 AS staff, 0 AS applicant FROM dashboard_case
	UNION ALL SELECT %[1]s, %[3]s, 0, 1, (outcome = 'approve')::int, (outcome = 'reject')::int, 0, 0,
		decision_days, within_deadline::int, decision_days, applicant_days FROM dashboard_case WHERE decided_at IS NOT NULL
	UNION ALL SELECT %[1]s, %[4]s, 0, 0, 0, 0, 1, 0, NULL, NULL, 0, 0 FROM dashboard_case WHERE %[4]s IS NOT NULL
	UNION ALL SELECT %[1]s, %[5]s, 0, 0, 0, 0, 0, 1, NULL, NULL, 0, 0 FROM dashboard_case WHERE %[5]s IS NOT NULL
), cells AS (
	SELECT key, bucket::text AS bucket, sum(s) AS s, sum(d) AS d, sum(a) AS a, sum(r) AS r, sum(w) AS w, sum(c) AS c,
		percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
		percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90,
		avg(ontime)::float8 AS ontime, sum(staff) AS staff, sum(applicant) AS applicant
	FROM facts WHERE key = $1 OR $1 = '' GROUP BY key, bucket
)
SELECT key, bucket, s, d, a, r, w, (sum(s - c) OVER (PARTITION BY key ORDER BY bucket))::int, median, p90, ontime, staff, applicant
FROM cells ORDER BY key, bucket`

// Aggregate returns the cells of one breakdown, ordered by key and bucket; key "" means every
// service or district.
func (r Reader) Aggregate(ctx context.Context, dim Dimension, per Period, key string) ([]Cell, error) {
	if dim != ByService && dim != ByDistrict {
		return nil, fmt.Errorf("dashboard: unknown dimension %q", dim)
	}
	if per != Day && per != Month {
		return nil, fmt.Errorf("dashboard: unknown period %q", per)
	}
	sql := fmt.Sprintf(aggregateSQL, dim, "submitted_"+per, "decided_"+per, "withdrawn_"+per, "closed_"+per)
	var cells []Cell
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, sql, key)
		if err != nil {
			return err
		}
		cells, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Cell])
		return err
	})
	return cells, err
}

// Backlog is the open cases of one service right now, by whose turn it is.
type Backlog struct {
	Service          string `json:"service"`
	WaitingStaff     int    `json:"waiting_on_staff"`
	WaitingApplicant int    `json:"waiting_on_applicant"`
}

// Backlogs lists every service with open cases.
func (r Reader) Backlogs(ctx context.Context) ([]Backlog, error) {
	var out []Backlog
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT service, count(*) FILTER (WHERE waiting_on = 'staff'),
			count(*) FILTER (WHERE waiting_on = 'applicant') FROM dashboard_case WHERE closed_day IS NULL
			GROUP BY service ORDER BY service`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Backlog])
		return err
	})
	return out, err
}

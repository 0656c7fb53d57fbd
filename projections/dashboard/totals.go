package dashboard

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Totals are the figures of a run of days or of a month over every case, so a published total
// is the true total, whatever its parts' suppression hides. Key is the service or district, or
// "" for the whole city.
type Totals struct {
	Key            string   `json:"key"`
	Submitted      int      `json:"submitted"`
	Decided        int      `json:"decided"`
	MedianDays     *float64 `json:"median_days"`     // working days with staff, submission to decision
	WithinDeadline *float64 `json:"within_deadline"` // share of decisions made within the legal deadline, 0..1
}

// rangeSQL counts the cases submitted and decided in [$1, $2] (Tehran days) per key and for
// the city (the empty grouping set); medians come from the cases themselves, so one statistic
// serves every breakdown.
const rangeSQL = `SELECT CASE WHEN grouping(%[1]s) = 1 THEN '' ELSE %[1]s END,
	(count(*) FILTER (WHERE submitted_day BETWEEN $1 AND $2))::int,
	(count(*) FILTER (WHERE decided_day BETWEEN $1 AND $2))::int,
	percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_days) FILTER (WHERE decided_day BETWEEN $1 AND $2),
	(avg(within_deadline::int) FILTER (WHERE decided_day BETWEEN $1 AND $2))::float8
FROM dashboard_case WHERE submitted_day <= $2 AND (submitted_day >= $1 OR decided_day >= $1)
GROUP BY GROUPING SETS ((%[1]s), ()) ORDER BY 1`

// Range is every key's totals over the Tehran days from..to (both included) and the city's,
// first; keys with no case submitted or decided in them are left out.
func (r Reader) Range(ctx context.Context, dim Dimension, from, to time.Time) ([]Totals, error) {
	if dim != ByService && dim != ByDistrict {
		return nil, fmt.Errorf("dashboard: unknown dimension %q", dim)
	}
	var out []Totals
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, fmt.Sprintf(rangeSQL, dim), from.Format(time.DateOnly), to.Format(time.DateOnly))
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Totals])
		return err
	})
	if len(out) == 0 { // no case at all: the city's row still says so
		out = []Totals{{}}
	}
	return out, err
}

// monthsSQL is the city's figures per Jalali month: cases submitted and decided in it, and the
// median and share within the deadline of the decisions.
const monthsSQL = `WITH facts AS (
	SELECT submitted_month AS month, 1 AS s, 0 AS d, NULL::int AS days, NULL::int AS ontime FROM dashboard_case
	UNION ALL SELECT decided_month, 0, 1, decision_days, within_deadline::int FROM dashboard_case WHERE decided_month IS NOT NULL)
SELECT month, sum(s)::int, sum(d)::int, percentile_cont(0.5) WITHIN GROUP (ORDER BY days), avg(ontime)::float8
FROM facts GROUP BY month ORDER BY month`

// Months are the city's totals per Jalali month ("1405/03" in Key), oldest first.
func (r Reader) Months(ctx context.Context) ([]Totals, error) {
	var out []Totals
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, monthsSQL)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Totals])
		return err
	})
	return out, err
}

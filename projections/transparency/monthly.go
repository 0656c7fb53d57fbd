package transparency

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// monthKey is one row of the monthly table.
type monthKey struct{ month, metric string }

// monthly sums what a batch adds to each monthly figure, so each row is written once: an
// upsert may not touch one row twice.
type monthly struct {
	sums  map[monthKey]int64
	order []monthKey // in the order first added
}

// newMonthly starts a batch with nothing counted.
func newMonthly() *monthly { return &monthly{sums: map[monthKey]int64{}} }

// add counts n more of metric in month; n may be 0, which still creates the figure.
func (m *monthly) add(month, metric string, n int64) {
	k := monthKey{month, metric}
	if _, ok := m.sums[k]; !ok {
		m.order = append(m.order, k)
	}
	m.sums[k] += n
}

// save adds the sums to the table in one statement.
func (m *monthly) save(ctx context.Context, tx pgx.Tx) error {
	if len(m.order) == 0 {
		return nil
	}
	months, metrics, values := make([]string, len(m.order)), make([]string, len(m.order)), make([]int64, len(m.order))
	for i, k := range m.order {
		months[i], metrics[i], values[i] = k.month, k.metric, m.sums[k]
	}
	if _, err := tx.Exec(ctx, `INSERT INTO monthly (month, metric, value)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
		ON CONFLICT (month, metric) DO UPDATE SET value = monthly.value + EXCLUDED.value`, months, metrics, values); err != nil {
		return fmt.Errorf("monthly: upsert %d rows: %w", len(m.order), err)
	}
	return nil
}

package projector

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ParkedCases counts, per registered projection, the cases parked in its live generation;
// projections with none are left out. It reads one small table, unlike Status, which counts
// every projection's backlog; readiness probes call it every few seconds, during catch-ups too.
func (r *Runtime) ParkedCases(ctx context.Context) (map[string]int, error) {
	if err := r.Setup(ctx); err != nil {
		return nil, err
	}
	rows, err := r.pool.Query(ctx, `SELECT d.projection, count(*) FROM projector.dead_letters d
		JOIN projector.generations g ON g.projection = d.projection AND g.generation = d.generation
		WHERE d.resolution IS NULL AND g.status = 'live' AND d.projection = ANY($1) GROUP BY 1`, r.names)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	var name string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&name, &n}, func() error {
		out[name] = n
		return nil
	})
	return out, err
}

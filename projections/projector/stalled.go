package projector

import "context"

// Stalled names the registered projections whose live generation waits on a parked event. It
// reads one small table, unlike Status, which counts every projection's backlog; readiness
// probes call it every few seconds, during catch-ups too.
func (r *Runtime) Stalled(ctx context.Context) ([]string, error) {
	if err := r.Setup(ctx); err != nil {
		return nil, err
	}
	rows, err := r.pool.Query(ctx, `SELECT d.projection FROM projector.dead_letters d
		JOIN projector.generations g ON g.projection = d.projection AND g.generation = d.generation
		WHERE d.resolution IS NULL AND g.status = 'live' AND d.projection = ANY($1) ORDER BY 1`, r.names)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

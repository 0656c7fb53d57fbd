package dashboard

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// HandleBatch applies a whole batch in two round trips: it reads the rows of the batch's
// cases, then sends every event's writes, computed against those rows as the batch moves them.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	decoded := make([]caseevent.Event, 0, len(events))
	ids := make([]uuid.UUID, 0, len(events))
	for _, rec := range events {
		e, err := p.dec.Decode(rec)
		if errors.Is(err, projector.ErrUnknownEvent) {
			unknown++
			continue
		}
		if err != nil {
			return unknown, err
		}
		decoded = append(decoded, e)
		ids = append(ids, e.CaseID)
	}
	rows, err := load(ctx, tx, ids)
	if err != nil {
		return unknown, err
	}
	var w projector.Writes
	for _, e := range decoded {
		p.queue(&w, rows, e)
	}
	return unknown, w.Send(ctx, tx)
}

// load reads the rows of the given cases that exist.
func load(ctx context.Context, tx pgx.Tx, ids []uuid.UUID) (map[uuid.UUID]*row, error) {
	out := make(map[uuid.UUID]*row, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT case_id, stretch_since, due_at, staff_days, decided_at IS NOT NULL, revision
		FROM dashboard_case WHERE case_id = ANY ($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id uuid.UUID
			r  row
		)
		if err := rows.Scan(&id, &r.since, &r.due, &r.staff, &r.decided, &r.revision); err != nil {
			return nil, err
		}
		out[id] = &r
	}
	return out, rows.Err()
}

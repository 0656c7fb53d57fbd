package dashboard

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/casetable"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// table is dashboard_case, written set-based: a batch loads its cases' rows once and saves
// them once.
var table = casetable.New[row]("dashboard_case")

// HandleBatch applies a whole batch in two round trips: it loads the rows of the batch's
// cases, folds every event into them in order, and writes the changed rows back.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	decoded := make([]caseevent.Event, 0, len(events))
	ids := make([]uuid.UUID, 0, len(events))
	for _, rec := range events {
		e, err := p.Dec.Decode(rec)
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
	rs, err := table.Begin(ctx, tx, ids)
	if err != nil {
		return unknown, err
	}
	for _, e := range decoded {
		p.apply(rs, e)
	}
	return unknown, table.Save(ctx, tx, rs)
}

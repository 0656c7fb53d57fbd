package dashboard

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/casetable"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// table is dashboard_case, written set-based: a batch loads its cases' rows once and saves
// them once.
var table = casetable.New[row]("dashboard_case")

// HandleBatch applies a whole batch in two round trips: it loads the rows of the batch's
// cases, folds every event into them in order, and writes the changed rows back.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	return projector.HandleStaged(ctx, tx, p.Stage(), events)
}

// Stage folds the batches of a catch-up transaction into one working set of rows.
func (p *Projection) Stage() projector.Stage { return table.Fold(p.Dec, p.apply) }

// Package workqueue is the work_queue read model: open cases per department and assignee by
// due date, with overdue and at-risk flags on the legal clock, so staff see what to do next.
package workqueue

import (
	"context"
	"embed"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/casetable"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "work_queue_v2" // v2: the stage is the status, from the domain's fold

//go:embed migrations/*.sql
var migrations embed.FS

// table is work_queue, written set-based: a batch loads its cases' rows once and saves them once.
var table = casetable.New[row]("work_queue")

// Projection keeps one row per case.
type Projection struct {
	caseevent.Model
}

// New returns the projection.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, caseevent.CaseFilter())
	return &Projection{Model: m}, err
}

// Handle applies one event as a batch of one.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleOne(ctx, tx, p, rec)
}

// HandleBatch applies a whole batch in two round trips: it loads the rows of the batch's
// cases, folds every event into them in order, and writes the changed rows back.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	return projector.HandleStaged(ctx, tx, p.Stage(), events)
}

// Stage folds the batches of a catch-up transaction into one working set of rows.
func (p *Projection) Stage() projector.Stage { return table.Fold(p.Dec, apply) }

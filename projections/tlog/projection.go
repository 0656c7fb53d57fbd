package tlog

import (
	"context"
	"embed"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/transparency-dev/merkle/compact"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "tlog"

//go:embed migrations/*.sql
var migrations embed.FS

// Projection appends every event of the store, in global order, to the tree. It knows every
// event type and never fails on an event's content, so no event is ever parked or skipped:
// the tree is the whole log.
type Projection struct{}

// New returns the projection.
func New() *Projection { return &Projection{} }

// Name is the projection's identity.
func (*Projection) Name() string { return Name }

// Migrations creates the tree's tables.
func (*Projection) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	return sub
}

// Filter selects every event of the product.
func (*Projection) Filter() eventstore.Filter { return eventstore.Filter{} }

// Handle appends one event as a batch of one.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleOne(ctx, tx, p, rec)
}

// HandleBatch loads the tree's right edge (at most 64 nodes), appends the batch's leaves to it
// and writes the leaves and every node they complete with COPY.
func (p *Projection) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	size, err := treeSize(ctx, tx)
	if err != nil {
		return 0, err
	}
	edge, err := nodeHashes(ctx, tx, compact.RangeNodes(0, size, nil))
	if err != nil {
		return 0, err
	}
	r, err := factory.NewRange(0, size, edge)
	if err != nil {
		return 0, err
	}
	nodes := make([][]any, 0, 2*len(events)+64)
	leaves := make([][]any, len(events))
	visit := func(id compact.NodeID, hash []byte) {
		nodes = append(nodes, []any{int16(id.Level), int64(id.Index), hash})
	}
	for i, rec := range events {
		leaves[i] = []any{rec.ID, int64(r.End())}
		if err := r.Append(LeafHash(rec), visit); err != nil {
			return 0, err
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"tlog_node"}, []string{"level", "idx", "hash"}, pgx.CopyFromRows(nodes)); err != nil {
		return 0, err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"tlog_leaf"}, []string{"event_id", "idx"}, pgx.CopyFromRows(leaves))
	return 0, err
}

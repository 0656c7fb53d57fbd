package projector

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Read runs fn in a read-only transaction whose search_path is the live generation of
// projection name, so queries name read-model tables unqualified. The transaction holds the
// projection's read lock shared: a rebuild that switched generations waits for fn before it
// drops the old schema. Keep fn short.
func (r *Runtime) Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error {
	_, id, err := r.projection(ctx, name)
	if err != nil {
		return err
	}
	return pgx.BeginTxFunc(ctx, r.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// Two statements, two snapshots: the live generation is read after the lock is held,
		// so it cannot be a schema that a finished rebuild is dropping.
		b := &pgx.Batch{}
		b.Queue("SELECT pg_advisory_xact_lock_shared($1, $2)", lockRead, id)
		b.Queue(`SELECT set_config('search_path', quote_ident(schema_name), true)
			FROM projector.generations WHERE projection = $1 AND status = 'live'`, name)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		return fn(tx)
	})
}

// Position is the checkpoint of projection name's live generation: every event at or before
// it that the projection reads is visible to Read.
func (r *Runtime) Position(ctx context.Context, name string) (eventstore.Position, error) {
	if _, _, err := r.projection(ctx, name); err != nil {
		return eventstore.Position{}, err
	}
	g, err := liveGeneration(ctx, r.pool, name)
	if errors.Is(err, pgx.ErrNoRows) {
		return g.pos, fmt.Errorf("%w: %q has no live generation", ErrUnknownProjection, name)
	}
	return g.pos, err
}

// WaitFor returns once projection name has reached pos (the position an append returned), so
// a client can read its own writes; it gives up with ctx's error. It works in every replica,
// whichever runs the projection: checkpoint moves are announced with NOTIFY.
func (r *Runtime) WaitFor(ctx context.Context, name string, pos eventstore.Position) error {
	for {
		changed := r.notifier.next(name)
		cur, err := r.Position(ctx, name)
		if err != nil {
			return err
		}
		if cur.Compare(pos) >= 0 {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

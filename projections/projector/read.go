package projector

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

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
	// BEGIN, the lock and the search_path go in one round trip (a simple-protocol query of three
	// statements) instead of two: a read is often a one-row query, and at 1,000 req/s its round
	// trips were a quarter of the server's CPU. The live generation is read after the lock is
	// held (each statement has its own snapshot), so it cannot be a schema that a finished
	// rebuild is dropping. Names are the catalogue's own identifiers (see New); quoting them is
	// belt and braces.
	begin := "BEGIN READ ONLY; SELECT pg_advisory_xact_lock_shared(" + strconv.Itoa(int(lockRead)) + ", " + strconv.Itoa(int(id)) + "); " +
		"SELECT set_config('search_path', quote_ident(schema_name), true) FROM projector.generations WHERE projection = " +
		quoteLiteral(name) + " AND status = 'live'"
	return pgx.BeginTxFunc(ctx, r.pool, pgx.TxOptions{BeginQuery: begin}, fn)
}

// quoteLiteral is s as a standard SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

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
	if err == nil {
		r.notifier.saw(name, g.pos)
	}
	return g.pos, err
}

// Changed returns a channel closed once projection name's live checkpoint has moved: announced
// by the replica that moved it, or read here first by Position (WaitFor), or possibly missed
// while the listener reconnected. A cache of a read model takes it before it reads, and reads
// again once it is closed.
func (r *Runtime) Changed(name string) <-chan struct{} { return r.notifier.next(name) }

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

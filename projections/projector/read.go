package projector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
	conn, err := r.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release() // a connection left inside a transaction is closed, not pooled
	// BEGIN, the lock and the search_path go out as one pipeline of prepared statements: one
	// round trip, no planning. (pgx's BeginTx takes a round trip of its own; a simple-protocol
	// query of all three cost the database a plan of each, 80 µs a read.) The live generation
	// is read after the lock is held (each statement has its own snapshot), so it cannot be a
	// schema that a finished rebuild is dropping.
	b := &pgx.Batch{}
	b.Queue("BEGIN READ ONLY")
	b.Queue("SELECT pg_advisory_xact_lock_shared($1, $2)", lockRead, id)
	b.Queue(`SELECT set_config('search_path', quote_ident(schema_name), true)
		FROM projector.generations WHERE projection = $1 AND status = 'live'`, name)
	tx := readTx{conn.Conn()}
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return tx.abort(ctx, err)
	}
	if err := fn(tx); err != nil {
		return tx.abort(ctx, err)
	}
	return tx.Commit(ctx)
}

// abort rolls the transaction back after err, which it returns as it was (callers compare it)
// unless the rollback failed too.
func (t readTx) abort(ctx context.Context, err error) error {
	if rbErr := t.Rollback(ctx); rbErr != nil {
		return errors.Join(err, rbErr)
	}
	return err
}

// readTx is the transaction Read opened on conn.
type readTx struct{ conn *pgx.Conn }

var errNestedRead = errors.New("projector: a read does not nest transactions")

func (t readTx) Begin(context.Context) (pgx.Tx, error) { return nil, errNestedRead }

func (t readTx) Commit(ctx context.Context) error {
	_, err := t.conn.Exec(ctx, "COMMIT")
	return err
}

// Rollback ends the transaction even when ctx has (a cancelled read is the usual failure).
func (t readTx) Rollback(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, err := t.conn.Exec(ctx, "ROLLBACK")
	return err
}

func (t readTx) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	return t.conn.CopyFrom(ctx, table, columns, src)
}

func (t readTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.conn.SendBatch(ctx, b)
}

// LargeObjects are not offered: pgx builds them only on its own transactions, and read
// models keep none.
func (t readTx) LargeObjects() pgx.LargeObjects { panic(errNoLargeObjects) }

var errNoLargeObjects = errors.New("projector: a read has no large objects")

func (t readTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}

func (t readTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.conn.Exec(ctx, sql, args...)
}

func (t readTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.conn.Query(ctx, sql, args...)
}

func (t readTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.conn.QueryRow(ctx, sql, args...)
}

func (t readTx) Conn() *pgx.Conn { return t.conn }

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

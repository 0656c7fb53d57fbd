package projector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Rebuild builds a new generation of projection name from the start of the log beside the
// live one, which keeps serving and following the log meanwhile; once the new generation has
// caught up it becomes live in one transaction and the old schema is dropped. progress (may be
// nil) hears after every batch how many events are done out of about how many, and the rate
// in events per second. It backs `shafaf projections rebuild NAME`; any process may run it.
// An event the handler fails on parks its case in the new generation, as in the live one, so
// a rebuild never stalls: the new generation goes live with those cases parked (Status lists
// them) and the old generation's dead letters are closed as superseded.
func (r *Runtime) Rebuild(ctx context.Context, name string, progress func(done, total uint64, rate float64)) error {
	p, id, err := r.projection(ctx, name)
	if err != nil {
		return err
	}
	lock, err := r.tryLock(ctx, lockRebuild, id)
	if err != nil {
		return err
	}
	if lock == nil {
		return fmt.Errorf("%w: %s", ErrRebuildInProgress, name)
	}
	defer lock.release()

	g, err := r.newGeneration(ctx, p, id)
	if err != nil {
		return err
	}
	var total uint64
	if progress != nil { // counting the log costs a scan of it: only for someone watching
		total = r.total(ctx, p)
	}
	start, done := time.Now(), uint64(0)
	err = r.pump(ctx, p, g, func(b batch) bool {
		done += uint64(len(b.events))
		total = max(total, done)
		if progress != nil {
			progress(done, total, float64(done)/max(time.Since(start).Seconds(), 1e-9))
		}
		return b.caughtUp
	})
	if err == nil {
		err = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error { return buildIndexes(ctx, tx, g.schema) })
	}
	var old generation
	if err == nil {
		old, err = r.flip(ctx, p, g)
	}
	if err != nil {
		// The half-built generation is useless: a new Rebuild starts from scratch.
		dctx := context.WithoutCancel(ctx)
		_ = pgx.BeginFunc(dctx, r.pool, func(tx pgx.Tx) error { return dropGeneration(dctx, tx, id, g) })
		return fmt.Errorf("projector: rebuild %s: %w", name, err)
	}
	r.cfg.Logger.Info("projection rebuilt", zap.String("projection", name), zap.Int("generation", g.number), zap.Uint64("events", done))
	if parked, err := openParked(ctx, r.pool, name, g.number); err == nil && len(parked) > 0 {
		streams := make([]string, len(parked))
		for i, pe := range parked {
			streams[i] = pe.Stream
		}
		r.cfg.Logger.Warn("projection rebuilt with parked cases", zap.String("projection", name), zap.Strings("streams", streams))
	}
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error { return dropGeneration(ctx, tx, id, old) })
}

// newGeneration creates the next generation of p, empty and at the start of the log, after
// dropping what crashed rebuilds left behind.
func (r *Runtime) newGeneration(ctx context.Context, p Projection, id int32) (generation, error) {
	var g generation
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+generationColumns+
			" FROM projector.generations WHERE projection = $1 AND status <> 'live'", p.Name())
		if err != nil {
			return err
		}
		leftovers, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (generation, error) { return scanGeneration(row) })
		if err != nil {
			return err
		}
		for _, l := range leftovers {
			if err := dropGeneration(ctx, tx, id, l); err != nil {
				return err
			}
		}
		var last int
		if err := tx.QueryRow(ctx, "SELECT max(generation) FROM projector.generations WHERE projection = $1",
			p.Name()).Scan(&last); err != nil {
			return err
		}
		g, err = createGeneration(ctx, tx, p, last+1, statusBuilding)
		return err
	})
	return g, err
}

// total estimates the events a rebuild will handle; 0 when the store cannot count.
func (r *Runtime) total(ctx context.Context, p Projection) uint64 {
	counter, ok := r.store.(Counter)
	if !ok {
		return 0
	}
	n, err := counter.CountAfter(ctx, eventstore.Position{}, p.Filter())
	if err != nil {
		return 0
	}
	return n
}

// flip makes the caught-up generation g live. Holding the live checkpoint's row lock, it
// handles the few events the live generation has read beyond g, so readers never go back in
// time; it returns the generation that was live.
func (r *Runtime) flip(ctx context.Context, p Projection, g generation) (generation, error) {
	r.flipMu.Lock()
	defer r.flipMu.Unlock()
	var old generation
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		live, err := lockLive(ctx, tx, p.Name())
		if err != nil {
			return err
		}
		cur, err := lockGeneration(ctx, tx, p.Name(), g.number)
		if err != nil {
			return err
		}
		pos, processed, unknown, err := r.catchUp(ctx, tx, p, cur, live.pos)
		if err != nil {
			return err
		}
		if pos.Compare(live.pos) < 0 {
			pos = live.pos
		}
		if _, err := tx.Exec(ctx, `UPDATE projector.generations SET status = 'retired'
			WHERE projection = $1 AND generation = $2`, p.Name(), live.number); err != nil {
			return err
		}
		if err := advance(ctx, tx, cur, pos, processed, unknown); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE projector.generations SET status = 'live'
			WHERE projection = $1 AND generation = $2`, p.Name(), cur.number); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE projector.dead_letters SET resolution = 'superseded', resolved_at = now()
			WHERE projection = $1 AND generation = $2 AND resolution IS NULL`, p.Name(), live.number); err != nil {
			return err
		}
		old = live
		return notify(ctx, tx, p.Name())
	})
	return old, err
}

// catchUp handles, inside tx, the events p reads after g's checkpoint up to and including
// until, and returns the position reached with the counts to add to g. As everywhere, an event
// the handler fails on parks its case in g: each try runs in a savepoint, so a failure rolls
// back that try alone, and the batch is tried again without the case.
func (r *Runtime) catchUp(ctx context.Context, tx pgx.Tx, p Projection, g generation, until eventstore.Position) (pos eventstore.Position, processed, unknown int, err error) {
	pos = g.pos
	rows, err := tx.Query(ctx, parkedStreamsSQL, g.projection, g.number)
	if err != nil {
		return pos, 0, 0, err
	}
	parked, err := collectStreams(rows)
	if err != nil {
		return pos, 0, 0, err
	}
	for pos.Compare(until) < 0 {
		evs, err := r.store.ReadAll(ctx, pos, p.Filter(), r.cfg.BatchSize)
		if err != nil {
			return pos, processed, unknown, err
		}
		n := 0
		for n < len(evs) && evs[n].Position.Compare(until) <= 0 {
			n++
		}
		if n == 0 {
			break
		}
		u, handled, err := r.handleParking(ctx, tx, p, g, evs[:n], &parked)
		if err != nil {
			return pos, processed, unknown, err
		}
		processed, unknown, pos = processed+handled, unknown+u, evs[n-1].Position
	}
	return pos, processed, unknown, nil
}

// handleParking handles the events of streams not in parked inside a savepoint of tx; an event
// the handler fails on joins parked, with a dead letter in g, and the rest is tried again.
// It returns how many events were handled and how many of those were unknown.
func (r *Runtime) handleParking(ctx context.Context, tx pgx.Tx, p Projection, g generation, events []eventstore.RecordedEvent, parked *streamSet) (unknown, handled int, err error) {
	for {
		todo := parked.without(events)
		sp, err := tx.Begin(ctx)
		if err != nil {
			return 0, 0, err
		}
		unknown, _, err = handle(ctx, sp, p, g.schema, todo, nil, perEvent)
		if err == nil {
			return unknown, len(todo), sp.Commit(ctx)
		}
		var herr *HandlerError
		if transient(err) || !errors.As(err, &herr) {
			return 0, 0, err
		}
		if err := sp.Rollback(ctx); err != nil {
			return 0, 0, err
		}
		if err := r.insertParked(ctx, tx, g, herr); err != nil {
			return 0, 0, err
		}
		if *parked == nil {
			*parked = streamSet{}
		}
		(*parked)[herr.Event.Stream] = herr.Event.Position
	}
}

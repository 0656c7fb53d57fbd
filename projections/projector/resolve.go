package projector

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Which picks open dead letters of a projection for Retry and Skip: the one of a stream (a
// case), the one of an event, or, with both zero, every one.
type Which struct {
	Stream string
	Event  uuid.UUID
}

func (w Which) picks(pe ParkedEvent) bool {
	return (w.Stream == "" || w.Stream == pe.Stream) && (w.Event == uuid.Nil || w.Event == pe.EventID)
}

// How a dead letter was closed, in projector.dead_letters.resolution.
const (
	resolutionRetried = "retried"
	resolutionSkipped = "skipped"
)

// Retry runs the handler again on the parked events w picks (after a fix was deployed, or once
// a missing dependency is back), each followed by the events of its case that queued up behind
// it, in log order, in one transaction that also releases the case. When the parked event
// fails again its dead letter keeps the new error and the case stays parked; when a queued
// event fails, the events before it are applied and it is parked in its place. It backs
// `shafaf projections retry NAME [--stream S | --event ID]`.
func (r *Runtime) Retry(ctx context.Context, name string, w Which) ([]ParkedEvent, error) {
	return r.resolve(ctx, name, w, resolutionRetried)
}

// Skip drops the parked events w picks, which the read model then never sees, and applies the
// events of each case that queued up behind them, as Retry does. It backs
// `shafaf projections skip NAME [--stream S | --event ID]`.
func (r *Runtime) Skip(ctx context.Context, name string, w Which) ([]ParkedEvent, error) {
	return r.resolve(ctx, name, w, resolutionSkipped)
}

// resolve closes the open dead letters of name's live generation that w picks, one case at a
// time, and returns them with the errors of those it could not close.
func (r *Runtime) resolve(ctx context.Context, name string, w Which, how string) ([]ParkedEvent, error) {
	p, _, err := r.projection(ctx, name)
	if err != nil {
		return nil, err
	}
	g, err := liveGeneration(ctx, r.pool, name)
	if err != nil {
		return nil, err
	}
	open, err := openParked(ctx, r.pool, name, g.number)
	if err != nil {
		return nil, err
	}
	var picked []ParkedEvent
	var errs []error
	for _, pe := range open {
		if w.picks(pe) {
			picked = append(picked, pe)
			errs = append(errs, r.resolveCase(ctx, p, pe, how))
		}
	}
	if len(picked) == 0 {
		return nil, fmt.Errorf("%w: projection %s", ErrNothingParked, name)
	}
	return picked, errors.Join(errs...)
}

// resolveCase closes pe's dead letter and applies its case's queued events (pe's own first
// when how is retried) in one transaction. If one of them fails, it tries once more, applying
// only those before it and parking it instead, so the case moves as far as it can.
func (r *Runtime) resolveCase(ctx context.Context, p Projection, pe ParkedEvent, how string) error {
	stop := -1             // apply every queued event; else only the first stop of them
	var next *HandlerError // the queued event to park in pe's place
	g := generation{projection: p.Name(), number: pe.Generation}
	for {
		failed := -1
		err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
			// The live generation's row lock holds the runner back: it must not apply a later
			// event of this case before the queued ones, nor read the case as parked after.
			live, err := lockLive(ctx, tx, p.Name())
			if err != nil {
				return err
			}
			g = live
			tag, err := tx.Exec(ctx, `UPDATE projector.dead_letters SET resolution = $4, resolved_at = now()
				WHERE projection = $1 AND generation = $2 AND event_id = $3 AND resolution IS NULL`,
				p.Name(), pe.Generation, pe.EventID, how)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 || live.number != pe.Generation {
				return fmt.Errorf("%w: %s is no longer parked in %s", ErrNothingParked, pe.EventID, p.Name())
			}
			evs, err := r.queued(ctx, p, pe, live.pos)
			if err != nil {
				return err
			}
			if how == resolutionSkipped {
				evs = evs[1:]
			}
			if stop >= 0 {
				evs = evs[:stop]
			}
			unknown, f, err := handle(ctx, tx, p, live.schema, evs, nil, perEvent)
			if err != nil {
				failed = f
				return err
			}
			if err := advance(ctx, tx, live, live.pos, len(evs), unknown); err != nil {
				return err
			}
			if next != nil {
				return r.insertParked(ctx, tx, live, next)
			}
			return nil
		})
		var herr *HandlerError
		switch {
		case err == nil:
			if next != nil {
				r.parked(g, next)
			}
			return nil
		case next != nil || transient(err) || !errors.As(err, &herr):
			return err
		case failed == 0 && how == resolutionRetried:
			return r.attempted(ctx, pe, herr)
		}
		stop, next = failed, herr
	}
}

// attempted records on pe's dead letter that a retry failed again, and why.
func (r *Runtime) attempted(ctx context.Context, pe ParkedEvent, herr *HandlerError) error {
	_, err := r.pool.Exec(ctx, `UPDATE projector.dead_letters SET attempts = attempts + 1, error = $4
		WHERE projection = $1 AND generation = $2 AND event_id = $3 AND resolution IS NULL`,
		pe.Projection, pe.Generation, pe.EventID, herr.Err.Error())
	return errors.Join(herr, err)
}

// queued is pe's event and the events of its case that p's checkpoint has passed over since,
// up to and including until, in log order.
func (r *Runtime) queued(ctx context.Context, p Projection, pe ParkedEvent, until eventstore.Position) ([]eventstore.RecordedEvent, error) {
	all, err := r.store.ReadStream(ctx, pe.Stream, 0, 0)
	if err != nil {
		return nil, err
	}
	f := p.Filter()
	var out []eventstore.RecordedEvent
	for _, ev := range all {
		if ev.Position.Compare(pe.Position) >= 0 && ev.Position.Compare(until) <= 0 && f.Matches(ev.Stream, ev.Type) {
			out = append(out, ev)
		}
	}
	if len(out) == 0 || out[0].ID != pe.EventID {
		return nil, fmt.Errorf("projector: %s: parked event %s is not in stream %s at %s", p.Name(), pe.EventID, pe.Stream, pe.Position)
	}
	return out, nil
}

// advance moves g's checkpoint to pos inside tx, whose caller holds g's row lock, and adds to
// its counts.
func advance(ctx context.Context, tx pgx.Tx, g generation, pos eventstore.Position, processed, unknown int) error {
	commit, prepare, err := dbPosition(pos)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE projector.generations SET commit_pos = $3, prepare_pos = $4,
		processed = processed + $5, unknown_events = unknown_events + $6, updated_at = now()
		WHERE projection = $1 AND generation = $2`, g.projection, g.number, commit, prepare, processed, unknown)
	return err
}

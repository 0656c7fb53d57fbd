package projector

import (
	"context"
	"errors"
	"fmt"
	"go.uber.org/zap"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// errParked: follow parked an event and the projection is now stalled.
var errParked = errors.New("projector: event parked")

// ParkedEvent is an event a projection's handler failed on, kept in projector.dead_letters
// until someone retries or skips it. While it is open the projection does not move.
type ParkedEvent struct {
	Projection string
	Generation int
	Position   eventstore.Position
	EventID    uuid.UUID
	EventType  string
	Stream     string
	Error      string
	Attempts   int
	ParkedAt   time.Time
}

// park records herr's event as the open dead letter of g, provided g's checkpoint still is at.
func (r *Runtime) park(ctx context.Context, g generation, at eventstore.Position, herr *HandlerError) error {
	commit, prepare, err := dbPosition(herr.Event.Position)
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		cur, err := lockGeneration(ctx, tx, g.projection, g.number)
		if err != nil {
			return err
		}
		if cur.status != statusLive || cur.pos != at {
			return errLostOwnership
		}
		_, err = tx.Exec(ctx, `INSERT INTO projector.dead_letters
			(projection, generation, commit_pos, prepare_pos, event_id, event_type, stream, error)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			g.projection, g.number, commit, prepare, herr.Event.ID, herr.Event.Type, herr.Event.Stream, herr.Err.Error())
		return err
	})
	if err != nil {
		return err
	}
	pe := ParkedEvent{Projection: g.projection, Generation: g.number, Position: herr.Event.Position,
		EventID: herr.Event.ID, EventType: herr.Event.Type, Stream: herr.Event.Stream,
		Error: herr.Err.Error(), Attempts: 1, ParkedAt: time.Now()}
	r.cfg.Logger.Error("event parked, projection stalled", zap.String("projection", g.projection), zap.Error(herr))
	r.cfg.Observer.Parked(g.projection, pe)
	r.setState(g.projection, StateStalled)
	return errParked
}

const parkedColumns = `projection, generation, commit_pos, prepare_pos, event_id, event_type, stream, error, attempts, parked_at`

// openParked returns the open dead letter of a generation, if there is one.
func openParked(ctx context.Context, q querier, projection string, gen int) (ParkedEvent, bool, error) {
	var pe ParkedEvent
	var commit, prepare int64
	err := q.QueryRow(ctx, "SELECT "+parkedColumns+` FROM projector.dead_letters
		WHERE projection = $1 AND generation = $2 AND resolution IS NULL`, projection, gen).
		Scan(&pe.Projection, &pe.Generation, &commit, &prepare, &pe.EventID, &pe.EventType, &pe.Stream, &pe.Error, &pe.Attempts, &pe.ParkedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return pe, false, nil
	}
	pe.Position = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
	return pe, err == nil, err
}

// Retry runs the handler again on the event that stalled projection name (after a fix was
// deployed, or once a missing dependency is back). On success the projection moves past it and
// its runner resumes; on failure the dead letter keeps the new error and the projection stays
// stalled. It backs `shafaf projections retry NAME`.
func (r *Runtime) Retry(ctx context.Context, name string) (ParkedEvent, error) {
	pe, err := r.resolve(ctx, name, "retried")
	var herr *HandlerError
	if errors.As(err, &herr) {
		if _, uerr := r.pool.Exec(ctx, `UPDATE projector.dead_letters SET attempts = attempts + 1, error = $3
			WHERE projection = $1 AND generation = $2 AND resolution IS NULL`,
			pe.Projection, pe.Generation, herr.Err.Error()); uerr != nil {
			return pe, errors.Join(err, uerr)
		}
	}
	return pe, err
}

// Skip marks the event that stalled projection name as skipped and moves the projection past
// it without handling it; the read model never sees that event. It backs
// `shafaf projections skip NAME`.
func (r *Runtime) Skip(ctx context.Context, name string) (ParkedEvent, error) {
	return r.resolve(ctx, name, "skipped")
}

// resolve closes the open dead letter of name's live generation, handling its event first
// when how is "retried", and moves the checkpoint to the event, all in one transaction.
func (r *Runtime) resolve(ctx context.Context, name, how string) (ParkedEvent, error) {
	p, _, err := r.projection(ctx, name)
	if err != nil {
		return ParkedEvent{}, err
	}
	var pe ParkedEvent
	err = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		g, err := lockLive(ctx, tx, name)
		if err != nil {
			return err
		}
		var ev eventstore.RecordedEvent
		if pe, ev, err = parkedAt(ctx, tx, r.store, p, g); err != nil {
			return err
		}
		processed, unknown := 0, 0
		if how == "retried" {
			if unknown, _, err = handle(ctx, tx, p, g.schema, []eventstore.RecordedEvent{ev}, nil, perEvent); err != nil {
				return err
			}
			processed = 1
		}
		if err := advance(ctx, tx, g, pe.Position, processed, unknown); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE projector.dead_letters SET resolution = $3, resolved_at = now()
			WHERE projection = $1 AND generation = $2 AND resolution IS NULL`, name, g.number, how); err != nil {
			return err
		}
		return notify(ctx, tx, name)
	})
	return pe, err
}

// parkedAt returns g's open dead letter and its event, checking that it is the next event g
// would read.
func parkedAt(ctx context.Context, tx pgx.Tx, store eventstore.Store, p Projection, g generation) (ParkedEvent, eventstore.RecordedEvent, error) {
	pe, ok, err := openParked(ctx, tx, p.Name(), g.number)
	if err != nil {
		return pe, eventstore.RecordedEvent{}, err
	}
	if !ok {
		return pe, eventstore.RecordedEvent{}, fmt.Errorf("%w: projection %s", ErrNothingParked, p.Name())
	}
	ev, err := nextEvent(ctx, store, p, g.pos)
	if err == nil && ev.ID != pe.EventID {
		err = fmt.Errorf("projector: %s: parked event %s is not the next one (%s)", p.Name(), pe.EventID, ev.ID)
	}
	return pe, ev, err
}

// nextEvent is the first event after pos that p reads.
func nextEvent(ctx context.Context, store eventstore.Store, p Projection, pos eventstore.Position) (eventstore.RecordedEvent, error) {
	evs, err := store.ReadAll(ctx, pos, p.Filter(), 1)
	if err != nil {
		return eventstore.RecordedEvent{}, err
	}
	if len(evs) == 0 {
		return eventstore.RecordedEvent{}, fmt.Errorf("projector: %s: no event after %s", p.Name(), pos)
	}
	return evs[0], nil
}

// advance moves g's checkpoint to pos inside tx, whose caller holds g's row lock.
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

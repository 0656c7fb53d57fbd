package projector

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
)

// ParkedEvent is an event a projection's handler failed on, kept in projector.dead_letters
// until someone retries or skips it. While it is open its case (Stream) is parked: the
// stream's later events wait behind it, and every other case flows on.
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

// park records herr's event as an open dead letter of g, parking its stream, provided g's
// checkpoint still is where the caller read it; the caller then writes its batch again
// without that stream.
func (r *Runtime) park(ctx context.Context, g generation, herr *HandlerError) error {
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		cur, err := lockGeneration(ctx, tx, g.projection, g.number)
		if err != nil {
			return err
		}
		if cur.status != g.status || cur.pos != g.pos {
			return errLostOwnership
		}
		return r.insertParked(ctx, tx, g, herr)
	})
	if err == nil {
		r.parked(g, herr)
	}
	return err
}

// insertParked writes herr's event as an open dead letter of g inside tx; once tx commits,
// tell parked.
func (r *Runtime) insertParked(ctx context.Context, tx pgx.Tx, g generation, herr *HandlerError) error {
	commit, prepare, err := dbPosition(herr.Event.Position)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO projector.dead_letters
		(projection, generation, commit_pos, prepare_pos, event_id, event_type, stream, error)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		g.projection, g.number, commit, prepare, herr.Event.ID, herr.Event.Type, herr.Event.Stream, herr.Err.Error())
	return err
}

// parked logs and reports a committed dead letter.
func (r *Runtime) parked(g generation, herr *HandlerError) {
	pe := ParkedEvent{Projection: g.projection, Generation: g.number, Position: herr.Event.Position,
		EventID: herr.Event.ID, EventType: herr.Event.Type, Stream: herr.Event.Stream,
		Error: herr.Err.Error(), Attempts: 1, ParkedAt: time.Now()}
	r.cfg.Logger.Error("event parked; its case waits, the others flow on", zap.String("projection", g.projection),
		zap.Int("generation", g.number), zap.String("stream", pe.Stream), zap.Error(herr))
	r.cfg.Observer.Parked(g.projection, pe)
}

// rowsQuerier is what both a pool and a transaction offer for queries of many rows.
type rowsQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

const parkedColumns = `projection, generation, commit_pos, prepare_pos, event_id, event_type, stream, error, attempts, parked_at`

func scanParked(row pgx.Row) (ParkedEvent, error) {
	var pe ParkedEvent
	var commit, prepare int64
	err := row.Scan(&pe.Projection, &pe.Generation, &commit, &prepare, &pe.EventID, &pe.EventType, &pe.Stream, &pe.Error, &pe.Attempts, &pe.ParkedAt)
	pe.Position = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
	return pe, err
}

// openParked returns the open dead letters of a generation, oldest first.
func openParked(ctx context.Context, q rowsQuerier, projection string, gen int) ([]ParkedEvent, error) {
	rows, err := q.Query(ctx, "SELECT "+parkedColumns+` FROM projector.dead_letters
		WHERE projection = $1 AND generation = $2 AND resolution IS NULL ORDER BY commit_pos, prepare_pos`, projection, gen)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ParkedEvent, error) { return scanParked(row) })
}

// parkedStreamsSQL lists the streams parked in a generation ($1 projection, $2 generation)
// with the position of each one's parked event.
const parkedStreamsSQL = `SELECT stream, commit_pos, prepare_pos FROM projector.dead_letters
	WHERE projection = $1 AND generation = $2 AND resolution IS NULL`

// streamSet maps the streams parked in a generation to their parked event's position; nil when
// none is.
type streamSet map[string]eventstore.Position

// without returns events minus those of parked streams from their parked event on; events
// itself when none is left out.
func (s streamSet) without(events []eventstore.RecordedEvent) []eventstore.RecordedEvent {
	held := func(ev eventstore.RecordedEvent) bool {
		at, ok := s[ev.Stream]
		return ok && ev.Position.Compare(at) >= 0
	}
	if len(s) == 0 || !slices.ContainsFunc(events, held) {
		return events
	}
	// A new slice: the caller writes the same batch again after a park, and reuses its slice.
	out := make([]eventstore.RecordedEvent, 0, len(events))
	for _, ev := range events {
		if !held(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// collectStreams reads rows of parkedStreamsSQL.
func collectStreams(rows pgx.Rows) (streamSet, error) {
	var s streamSet
	var stream string
	var commit, prepare int64
	_, err := pgx.ForEachRow(rows, []any{&stream, &commit, &prepare}, func() error {
		if s == nil {
			s = streamSet{}
		}
		s[stream] = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
		return nil
	})
	return s, err
}

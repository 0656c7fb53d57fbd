package projector

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Writes collects a handler's statements so they reach the server in one round trip: one
// event's for Handle, a whole batch's for HandleBatch.
type Writes struct{ batch pgx.Batch }

// Exec queues a statement; its error, if any, comes back when the writes are sent.
func (w *Writes) Exec(sql string, args ...any) { w.batch.Queue(sql, args...) }

// Send runs the queued statements in order on tx, in one round trip, and returns the first error.
func (w *Writes) Send(ctx context.Context, tx pgx.Tx) error {
	if w.batch.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, &w.batch).Close()
}

// Queuer is a read model whose writes for an event never depend on what earlier statements
// returned (revision guards live in the SQL), so a batch's statements can be pipelined.
type Queuer interface {
	// Queue adds rec's statements to w; ErrUnknownEvent when it does not know rec.
	Queue(w *Writes, rec eventstore.RecordedEvent) error
}

// HandleQueued is Handle for a Queuer: one event's statements in one round trip.
func HandleQueued(ctx context.Context, tx pgx.Tx, q Queuer, rec eventstore.RecordedEvent) error {
	var w Writes
	if err := q.Queue(&w, rec); err != nil {
		return err
	}
	return w.Send(ctx, tx)
}

// HandleBatchQueued is HandleBatch for a Queuer: every event's statements, in order, in one
// round trip. It answers exactly what HandleQueued event by event would.
func HandleBatchQueued(ctx context.Context, tx pgx.Tx, q Queuer, events []eventstore.RecordedEvent) (unknown int, err error) {
	var w Writes
	for _, rec := range events {
		switch err := q.Queue(&w, rec); {
		case errors.Is(err, ErrUnknownEvent):
			unknown++
		case err != nil:
			return unknown, err
		}
	}
	return unknown, w.Send(ctx, tx)
}

// Queued gives a Queuer the Handle and HandleBatch of a projection, both pipelined through
// Writes, so a read model that embeds it only writes Queue.
type Queued struct{ Q Queuer }

// Handle applies one event in one round trip.
func (q Queued) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return HandleQueued(ctx, tx, q.Q, rec)
}

// HandleBatch applies a whole batch in one round trip.
func (q Queued) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (int, error) {
	return HandleBatchQueued(ctx, tx, q.Q, events)
}

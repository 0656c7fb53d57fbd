package projector

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// batch is what one transaction writes: some events and the checkpoint after them.
type batch struct {
	from     eventstore.Position // the checkpoint the batch starts from
	events   []eventstore.RecordedEvent
	to       eventstore.Position // the checkpoint once the batch is written
	caughtUp bool                // the subscription reached the head of the log
}

func (b *batch) add(msgs ...eventstore.SubscriptionMessage) {
	for _, msg := range msgs {
		switch {
		case msg.Event != nil:
			b.events = append(b.events, *msg.Event)
			b.to = msg.Event.Position
		case msg.Checkpoint != nil && msg.Checkpoint.Compare(b.to) > 0:
			b.to = *msg.Checkpoint
		case msg.CaughtUp:
			b.caughtUp = true
		}
	}
}

// empty reports whether writing b would change nothing.
func (b batch) empty() bool { return len(b.events) == 0 && b.to == b.from }

// collect waits for a first message, then gathers more until the batch is full, BatchWait has
// passed or the subscription has caught up. With idle > 0, a first message that takes longer
// ends the wait with an empty batch. An error comes with the messages received so far.
// The events go into buf, the previous batch's slice once it is written: a batch is a few
// hundred kilobytes, and allocating one per batch and read model kept the collector busy.
func (r *Runtime) collect(ctx context.Context, sub eventstore.Subscription, from eventstore.Position, buf []eventstore.RecordedEvent, idle time.Duration) (batch, error) {
	b := batch{from: from, to: from, events: buf[:0]}
	first, cancelFirst := ctx, context.CancelFunc(func() {})
	if idle > 0 {
		first, cancelFirst = context.WithTimeout(ctx, idle)
	}
	msgs, err := recvUpTo(first, sub, r.cfg.BatchSize)
	cancelFirst()
	if err != nil {
		if idle > 0 && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return b, nil
		}
		return b, err
	}
	b.add(msgs...)
	wait, cancel := context.WithTimeout(ctx, r.cfg.BatchWait)
	defer cancel()
	for len(b.events) < r.cfg.BatchSize && !b.caughtUp {
		msgs, err := recvUpTo(wait, sub, r.cfg.BatchSize-len(b.events))
		if err != nil {
			if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return b, nil // BatchWait is over: write what we have
			}
			return b, err
		}
		b.add(msgs...)
	}
	return b, nil
}

// batchReceiver is a subscription that hands out the messages already waiting in one call, as
// the runtime's shared read (eventstore/fanout) does: a lock and a wake-up per batch, not per
// event. The slice it returns may be reused by its next call.
type batchReceiver interface {
	RecvBatch(ctx context.Context, max int) ([]eventstore.SubscriptionMessage, error)
}

// recvUpTo waits for the next message and returns it with up to n-1 more already waiting.
func recvUpTo(ctx context.Context, sub eventstore.Subscription, n int) ([]eventstore.SubscriptionMessage, error) {
	if br, ok := sub.(batchReceiver); ok {
		return br.RecvBatch(ctx, n)
	}
	msg, err := sub.Recv(ctx)
	if err != nil {
		return nil, err
	}
	return []eventstore.SubscriptionMessage{msg}, nil
}

// write applies b to generation g in one transaction of its own. A handler error is a
// *HandlerError naming the event when mode is perEvent or the projection has no HandleBatch.
func (r *Runtime) write(ctx context.Context, p Projection, g generation, b batch, mode handleMode) error {
	tx, err := r.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	unknown, err := r.apply(ctx, tx, p, g, b, nil, mode)
	if err != nil {
		return err
	}
	if err := r.finish(ctx, tx, p, g); err != nil {
		return err
	}
	r.committed(p, g, batchStats(b, unknown))
	return nil
}

// apply writes b to generation g inside tx and moves g's checkpoint from b.from to b.to; the
// checkpoint moves first (compare-and-set), so a competing writer blocks on the row and then
// finds it moved. The events of parked streams are left out: they wait for a retry or skip,
// which takes the same row lock, so the parked streams read after the move are current. A
// non-nil stage takes the events instead of the projection's HandleBatch.
func (r *Runtime) apply(ctx context.Context, tx pgx.Tx, p Projection, g generation, b batch, stage Stage, mode handleMode) (unknown int, err error) {
	from, fromPrep, err := dbPosition(b.from)
	if err != nil {
		return 0, err
	}
	to, toPrep, err := dbPosition(b.to)
	if err != nil {
		return 0, err
	}
	q := &pgx.Batch{}
	q.Queue(`UPDATE projector.generations
		SET commit_pos = $5, prepare_pos = $6, processed = processed + $7, updated_at = now()
		WHERE projection = $1 AND generation = $2 AND status = $8 AND commit_pos = $3 AND prepare_pos = $4`,
		p.Name(), g.number, from, fromPrep, to, toPrep, len(b.events), g.status)
	q.Queue(parkedStreamsSQL, p.Name(), g.number)
	res := tx.SendBatch(ctx, q)
	tag, err := res.Exec()
	if err != nil {
		_ = res.Close()
		return 0, err
	}
	rows, err := res.Query()
	if err != nil {
		_ = res.Close()
		return 0, err
	}
	parked, err := collectStreams(rows)
	if err := errors.Join(err, res.Close()); err != nil {
		return 0, err
	}
	if tag.RowsAffected() == 0 {
		return 0, errLostOwnership
	}
	events := parked.without(b.events)
	unknown, _, err = handle(ctx, tx, p, g.schema, events, stage, mode)
	if err != nil {
		return 0, err
	}
	// The events of parked cases are counted when a retry or skip handles them.
	if held := len(b.events) - len(events); unknown > 0 || held > 0 {
		if _, err := tx.Exec(ctx, `UPDATE projector.generations SET processed = processed - $3, unknown_events = unknown_events + $4
			WHERE projection = $1 AND generation = $2`, p.Name(), g.number, held, unknown); err != nil {
			return 0, err
		}
	}
	return unknown, nil
}

// finish commits tx, telling WaitFor in any replica when it moved the live generation.
func (r *Runtime) finish(ctx context.Context, tx pgx.Tx, p Projection, g generation) error {
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	if g.status == statusLive {
		r.notifier.moved(p.Name())
	}
	return nil
}

// committed reports a batch whose transaction committed.
func (r *Runtime) committed(p Projection, g generation, stats BatchStats) {
	stats.Building = g.status == statusBuilding
	r.cfg.Observer.BatchCommitted(p.Name(), stats)
}

// handleMode says whether a BatchHandler may take the batch whole.
type handleMode bool

const (
	wholeBatch handleMode = false
	perEvent   handleMode = true // to find the event a failed HandleBatch stumbled on
)

// batchError is HandleBatch failing: the runtime replays the batch per event to find the culprit.
type batchError struct{ err error }

func (e *batchError) Error() string { return "batch handler: " + e.err.Error() }
func (e *batchError) Unwrap() error { return e.err }

// handle runs p's handler (or stage, when not nil) on events inside tx, in schema. It returns
// how many events were unknown to the handler, or the index of the event it failed on.
func handle(ctx context.Context, tx pgx.Tx, p Projection, schema string, events []eventstore.RecordedEvent, stage Stage, mode handleMode) (unknown, failed int, err error) {
	if len(events) == 0 {
		return 0, -1, nil
	}
	if err := setSearchPath(ctx, tx, schema); err != nil {
		return 0, -1, err
	}
	if stage != nil {
		if unknown, err = stage.Add(ctx, tx, events); err != nil {
			return 0, -1, &batchError{err}
		}
		return unknown, -1, nil
	}
	if bh, ok := p.(BatchHandler); ok && mode == wholeBatch {
		if unknown, err = bh.HandleBatch(ctx, tx, events); err != nil {
			return 0, -1, &batchError{err}
		}
		return unknown, -1, nil
	}
	for i, ev := range events {
		switch err := p.Handle(ctx, tx, ev); {
		case errors.Is(err, ErrUnknownEvent):
			unknown++
		case err != nil:
			return unknown, i, &HandlerError{Projection: p.Name(), Event: ev, Err: err}
		}
	}
	return unknown, -1, nil
}

func batchStats(b batch, unknown int) BatchStats {
	s := BatchStats{Events: len(b.events), Unknown: unknown, Position: b.to}
	if n := len(b.events); n > 0 {
		s.Lag = time.Since(b.events[n-1].RecordedAt)
	}
	return s
}

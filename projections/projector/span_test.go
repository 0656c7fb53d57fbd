package projector_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// stagedToy is the toy as a Stager: its stage holds a transaction's events and writes them
// only at Flush, as a read model folding rows in memory does.
type stagedToy struct {
	*toy
	flushes atomic.Int64
}

func (t *stagedToy) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (int, error) {
	return projector.HandleStaged(ctx, tx, t.Stage(), events)
}

func (t *stagedToy) Stage() projector.Stage { return &toyStage{toy: t} }

type toyStage struct {
	toy  *stagedToy
	held []eventstore.RecordedEvent
}

func (s *toyStage) Add(_ context.Context, _ pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	for _, ev := range events {
		switch {
		case ev.Type == typeUnknown:
			unknown++
		case ev.Type == typePoison && s.toy.poisoned.Load():
			return unknown, errPoison
		default:
			s.held = append(s.held, ev)
		}
	}
	return unknown, nil
}

func (s *toyStage) Flush(ctx context.Context, tx pgx.Tx) error {
	s.toy.flushes.Add(1)
	for _, ev := range s.held {
		if err := s.toy.Handle(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

// TestCatchUpSpans: a projection far behind writes its batches in spans, one Flush each; a
// poison event in a span rolls the span back, and the batches are written again one by one,
// so the poison's case is parked and every other event lands exactly once.
func TestCatchUpSpans(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	appendEvents(t, e.store, 150, typeCounted)
	appendEvents(t, e.store, 1, typeUnknown)
	appendEvents(t, e.store, 148, typeCounted)
	bad := appendEvents(t, e.store, 1, typePoison)
	appendEvents(t, e.store, 200, typeCounted)
	poisoned := &stagedToy{toy: newToy("spans_poisoned", "one")}
	poisoned.poisoned.Store(true)
	healthy := &stagedToy{toy: newToy("spans_healthy", "one")}
	rt := mustRuntime(t, e, projector.Config{BatchSize: 20, CatchUpBatchSize: 100, StandbyRetry: 20 * time.Millisecond},
		poisoned, healthy)
	readmodeltest.Start(t, rt)

	head := appendEvents(t, e.store, 1, typeCounted)
	mustWaitFor(t, rt, "spans_healthy", head)
	wantExactlyOnce(t, rt, e.store, "spans_healthy")
	if n := healthy.flushes.Load(); n > 10 {
		t.Errorf("healthy: %d flushes for 501 events, batches of 20 and spans of 100: want spans", n)
	}
	if s := mustStatus(t, rt, "spans_healthy"); s.UnknownEvents != 1 {
		t.Errorf("healthy: %d unknown events counted, want 1", s.UnknownEvents)
	}

	mustWaitFor(t, rt, "spans_poisoned", head)
	parked := wantParked(t, rt, "spans_poisoned", "case-0", bad)
	rows := handledRows(t, rt, "spans_poisoned")
	for _, ev := range logged(t, e.store) {
		r, ok := rows[ev.ID]
		queued := ev.Stream == parked.Stream && ev.Position.Compare(bad) >= 0
		if ok == queued || ok && r.times != 1 {
			t.Fatalf("event %s of %s at %s: present %v, handled %d times; want the events of other cases and those before %s once",
				ev.ID, ev.Stream, ev.Position, ok, r.times, bad)
		}
	}
}

// silentStore's subscriptions pass on events only: no checkpoints, no CaughtUp, as a
// subscription that stops short of the head the log had at the start would look.
type silentStore struct{ eventstore.Store }

func (s silentStore) Subscribe(ctx context.Context, after eventstore.Position, f eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := s.Store.Subscribe(ctx, after, f)
	if err != nil {
		return nil, err
	}
	return silentSub{sub}, nil
}

type silentSub struct{ eventstore.Subscription }

func (s silentSub) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	for {
		msg, err := s.Subscription.Recv(ctx)
		if err != nil || msg.Event != nil {
			return msg, err
		}
	}
}

// TestSpanCommitsWhenTheSubscriptionFallsSilent: the log ends in events the projection does
// not select, and its subscription never says it reached the head; the span still commits
// once nothing has come for a while, and so do later events.
func TestSpanCommitsWhenTheSubscriptionFallsSilent(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	last := appendEvents(t, e.store, 200, typeCounted)
	if _, err := e.store.Append(context.Background(), "other-1", eventstore.Any,
		eventstore.EventData{ID: uuid.New(), Type: typeCounted, Data: payload}); err != nil {
		t.Fatal(err)
	}
	quiet := &stagedToy{toy: newToy("spans_quiet", "one")}
	rt := mustRuntime(t, env{dsn: e.dsn, pool: e.pool, store: silentStore{e.store}},
		projector.Config{BatchSize: 20, CatchUpBatchSize: 1000}, quiet)
	readmodeltest.Start(t, rt)
	mustWaitFor(t, rt, "spans_quiet", last)
	later := appendEvents(t, e.store, 5, typeCounted)
	mustWaitFor(t, rt, "spans_quiet", later)
	if n := len(handledRows(t, rt, "spans_quiet")); n != 205 {
		t.Fatalf("%d rows, want 205", n)
	}
}

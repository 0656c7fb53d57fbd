package projector_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// appendTo appends one event of each type to stream and returns the position of the last.
func appendTo(tb testing.TB, store eventstore.Store, stream string, types ...string) eventstore.Position {
	tb.Helper()
	events := make([]eventstore.EventData, len(types))
	for i, typ := range types {
		events[i] = eventstore.EventData{ID: uuid.New(), Type: typ, Data: payload}
	}
	res, err := store.Append(context.Background(), stream, eventstore.Any, events...)
	if err != nil {
		tb.Fatal(err)
	}
	return res.Position
}

// wantParked fails unless projection name has exactly the case stream parked, on the event at pos.
func wantParked(tb testing.TB, rt *projector.Runtime, name, stream string, pos eventstore.Position) projector.ParkedEvent {
	tb.Helper()
	s := mustStatus(tb, rt, name)
	if s.State != projector.StateDegraded || len(s.Parked) != 1 || s.Parked[0].Stream != stream || s.Parked[0].Position != pos {
		tb.Fatalf("status %+v, want %s degraded with the event at %s of %s parked", s, name, pos, stream)
	}
	return s.Parked[0]
}

// wantInOrder fails unless every event of the log's stream is in rows once, applied in log order.
func wantInOrder(tb testing.TB, rows map[uuid.UUID]row, store eventstore.Store, stream string) {
	tb.Helper()
	evs, err := store.ReadStream(context.Background(), stream, 0, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var last int64
	for _, ev := range evs {
		r, ok := rows[ev.ID]
		if ev.Type == typeUnknown {
			continue
		}
		if !ok || r.times != 1 || r.applied <= last {
			tb.Fatalf("%s: event %d (%s) present %v, handled %d times, applied as #%d after #%d; want once, in order",
				stream, ev.Revision, ev.Type, ok, r.times, r.applied, last)
		}
		last = r.applied
	}
}

// TestPoisonEvent: an event the handler fails on parks its case only; retry and skip release
// the case and apply the events that queued up behind the parked one.
func TestPoisonEvent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	poisoned, healthy := newToy("poisoned", "one"), newToy("healthy", "one")
	poisoned.poisoned.Store(true)
	rt := mustRuntime(t, e, projector.Config{BatchSize: 10, StandbyRetry: 20 * time.Millisecond}, poisoned, healthy)
	readmodeltest.Start(t, rt)
	appendEvents(t, e.store, 25, typeCounted)
	appendTo(t, e.store, "case-bad", typeCounted)
	bad := appendTo(t, e.store, "case-bad", typePoison)
	appendTo(t, e.store, "case-bad", typeCounted, typeUnknown, typeCounted)
	head := appendEvents(t, e.store, 25, typeCounted)

	mustWaitFor(t, rt, "healthy", head)
	wantExactlyOnce(t, rt, e.store, "healthy")
	mustWaitFor(t, rt, "poisoned", head)
	wantParked(t, rt, "poisoned", "case-bad", bad)
	rows := handledRows(t, rt, "poisoned")
	if len(rows) != 51 {
		t.Fatalf("poisoned projection has %d rows, want the 50 of other cases and the one before the poison", len(rows))
	}

	t.Run("retry keeps the case parked while the handler still fails", func(t *testing.T) {
		if _, err := rt.Retry(ctx, "poisoned", projector.Which{Stream: "case-bad"}); !errors.Is(err, errPoison) {
			t.Fatalf("Retry = %v, want the handler's error", err)
		}
		if pe := wantParked(t, rt, "poisoned", "case-bad", bad); pe.Attempts != 2 {
			t.Fatalf("parked %+v, want 2 attempts", pe)
		}
	})

	t.Run("retry applies the case once the handler works", func(t *testing.T) {
		poisoned.poisoned.Store(false)
		pes, err := rt.Retry(ctx, "poisoned", projector.Which{Stream: "case-bad"})
		if err != nil || len(pes) != 1 || pes[0].Position != bad {
			t.Fatalf("Retry = %+v, %v; want the event at %s", pes, err, bad)
		}
		rows := wantExactlyOnce(t, rt, e.store, "poisoned")
		wantInOrder(t, rows, e.store, "case-bad")
		if s := mustStatus(t, rt, "poisoned"); len(s.Parked) != 0 || s.State == projector.StateDegraded {
			t.Fatalf("status %+v after the retry, want nothing parked", s)
		}
	})

	t.Run("skip drops the event and applies the case's others", func(t *testing.T) {
		poisoned.poisoned.Store(true)
		skipped := appendTo(t, e.store, "case-skip", typePoison)
		appendTo(t, e.store, "case-skip", typeCounted, typeCounted)
		last := appendEvents(t, e.store, 5, typeCounted)
		mustWaitFor(t, rt, "poisoned", last)
		wantParked(t, rt, "poisoned", "case-skip", skipped)
		pes, err := rt.Skip(ctx, "poisoned", projector.Which{})
		if err != nil || len(pes) != 1 || pes[0].Position != skipped {
			t.Fatalf("Skip = %+v, %v; want the event at %s", pes, err, skipped)
		}
		rows := handledRows(t, rt, "poisoned")
		if _, ok := rows[pes[0].EventID]; ok || len(rows) != len(logged(t, e.store))-1 {
			t.Fatalf("%d rows, skipped event present %v; want every event but the skipped one", len(rows), ok)
		}
		if _, err := rt.Skip(ctx, "poisoned", projector.Which{}); !errors.Is(err, projector.ErrNothingParked) {
			t.Fatalf("second Skip = %v, want ErrNothingParked", err)
		}
	})

	t.Run("a queued event that fails takes the park over", func(t *testing.T) {
		first := appendTo(t, e.store, "case-twice", typePoison)
		appendTo(t, e.store, "case-twice", typeCounted)
		second := appendTo(t, e.store, "case-twice", typePoison)
		mustWaitFor(t, rt, "poisoned", appendEvents(t, e.store, 1, typeCounted))
		wantParked(t, rt, "poisoned", "case-twice", first)
		if _, err := rt.Skip(ctx, "poisoned", projector.Which{Stream: "case-twice"}); err != nil {
			t.Fatal(err)
		}
		wantParked(t, rt, "poisoned", "case-twice", second)
		if n := len(handledRows(t, rt, "poisoned")); n != len(logged(t, e.store))-3 {
			t.Fatalf("%d rows, want every event but the one skipped before and the two poisons", n)
		}
	})
}

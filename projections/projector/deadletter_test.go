package projector_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestPoisonEvent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	poisoned, healthy := newToy("poisoned", "one"), newToy("healthy", "one")
	poisoned.poisoned.Store(true)
	rt := mustRuntime(t, e, projector.Config{BatchSize: 10, StandbyRetry: 20 * time.Millisecond}, poisoned, healthy)
	readmodeltest.Start(t, rt)
	appendEvents(t, e.store, 25, typeCounted)
	bad := appendEvents(t, e.store, 1, typePoison)
	head := appendEvents(t, e.store, 25, typeCounted)

	mustWaitFor(t, rt, "healthy", head)
	wantExactlyOnce(t, rt, e.store, "healthy")
	eventually(t, "poisoned stalls", func() bool { return mustStatus(t, rt, "poisoned").State == projector.StateStalled })
	s := mustStatus(t, rt, "poisoned")
	if len(s.Parked) != 1 || s.Parked[0].Position != bad || s.Parked[0].EventType != typePoison || s.Position.Compare(bad) >= 0 {
		t.Fatalf("status %+v, want the event at %s parked and the checkpoint before it", s, bad)
	}
	if n := len(handledRows(t, rt, "poisoned")); n != 25 {
		t.Fatalf("poisoned projection has %d rows, want the 25 before the poison", n)
	}

	t.Run("retry keeps it parked while the handler still fails", func(t *testing.T) {
		if _, err := rt.Retry(ctx, "poisoned"); !errors.Is(err, errPoison) {
			t.Fatalf("Retry = %v, want the handler's error", err)
		}
		if s := mustStatus(t, rt, "poisoned"); s.State != projector.StateStalled || s.Parked[0].Attempts != 2 {
			t.Fatalf("status %+v, want stalled after 2 attempts", s)
		}
	})

	t.Run("retry resumes once the handler works", func(t *testing.T) {
		poisoned.poisoned.Store(false)
		pe, err := rt.Retry(ctx, "poisoned")
		if err != nil || pe.Position != bad {
			t.Fatalf("Retry = %+v, %v; want the event at %s", pe, err, bad)
		}
		mustWaitFor(t, rt, "poisoned", head)
		wantExactlyOnce(t, rt, e.store, "poisoned")
	})

	t.Run("skip passes over the event and resumes", func(t *testing.T) {
		poisoned.poisoned.Store(true)
		skipped := appendEvents(t, e.store, 1, typePoison)
		last := appendEvents(t, e.store, 5, typeCounted)
		eventually(t, "poisoned stalls again", func() bool { return len(mustStatus(t, rt, "poisoned").Parked) == 1 })
		pe, err := rt.Skip(ctx, "poisoned")
		if err != nil || pe.Position != skipped {
			t.Fatalf("Skip = %+v, %v; want the event at %s", pe, err, skipped)
		}
		mustWaitFor(t, rt, "poisoned", last)
		rows := handledRows(t, rt, "poisoned")
		if _, ok := rows[pe.EventID]; ok || len(rows) != len(logged(t, e.store))-1 {
			t.Fatalf("%d rows, skipped event present %v; want every event but the skipped one", len(rows), ok)
		}
		if _, err := rt.Skip(ctx, "poisoned"); !errors.Is(err, projector.ErrNothingParked) {
			t.Fatalf("second Skip = %v, want ErrNothingParked", err)
		}
	})
}

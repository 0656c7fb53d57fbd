package projector_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestRun(t *testing.T) {
	t.Parallel()

	t.Run("handles every event once across restarts", func(t *testing.T) {
		t.Parallel()
		e := mustEnv(t)
		appendEvents(t, e.store, 1000, typeCounted)
		head := appendEvents(t, e.store, 50, typeUnknown)
		for range 4 {
			// Each round is a process that stops after some events, mid-log.
			toy := newToy("restarts", "one")
			enough := make(chan struct{})
			toy.onHandle = func() {
				if toy.handled.Load() == 150 {
					close(enough)
				}
			}
			stop := readmodeltest.Start(t, mustRuntime(t, e, projector.Config{BatchSize: 40}, toy))
			<-enough
			stop()
		}
		rt := mustRuntime(t, e, projector.Config{BatchSize: 40}, newToy("restarts", "one"))
		readmodeltest.Start(t, rt)
		mustWaitFor(t, rt, "restarts", head)
		wantExactlyOnce(t, rt, e.store, "restarts")
		s := mustStatus(t, rt, "restarts")
		if s.Position != head || s.Processed != 1050 || s.UnknownEvents != 50 || s.LagSeconds != 0 || s.LagEvents > 0 {
			t.Fatalf("status %+v, want position %s, 1050 processed, 50 unknown, no lag", s, head)
		}
	})

	t.Run("lets a reader see its own write", func(t *testing.T) {
		t.Parallel()
		e := mustEnv(t)
		rt := mustRuntime(t, e, projector.Config{}, newToy("ryw", "one"))
		readmodeltest.Start(t, rt)
		written := appendEvents(t, e.store, 1, typeCounted)
		mustWaitFor(t, rt, "ryw", written)
		var n int
		err := rt.Read(context.Background(), "ryw", func(tx pgx.Tx) error {
			return tx.QueryRow(context.Background(), "SELECT count(*) FROM handled").Scan(&n)
		})
		if err != nil || n != 1 {
			t.Fatalf("read %d rows (err %v), want 1", n, err)
		}
	})

	t.Run("gives up waiting for a position nobody writes", func(t *testing.T) {
		t.Parallel()
		e := mustEnv(t)
		rt := mustRuntime(t, e, projector.Config{}, newToy("never", "one"))
		readmodeltest.Start(t, rt)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := rt.WaitFor(ctx, "never", eventstore.Position{Commit: 1 << 40})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("WaitFor = %v, want context.Canceled", err)
		}
	})

	t.Run("rejects an unknown projection", func(t *testing.T) {
		t.Parallel()
		rt := mustRuntime(t, mustEnv(t), projector.Config{}, newToy("known", "one"))
		if _, err := rt.Position(context.Background(), "unknown"); !errors.Is(err, projector.ErrUnknownProjection) {
			t.Fatalf("Position = %v, want ErrUnknownProjection", err)
		}
	})
}

func TestNewRejectsBadProjections(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	tests := []struct {
		name  string
		names []string
	}{
		{"upper-case name", []string{"CaseSummary"}},
		{"name with a dash", []string{"case-summary"}},
		{"name too long for a schema", []string{"a_very_long_projection_name_that_cannot_fit_in_a_schema"}},
		{"the same name twice", []string{"cases", "cases"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps []projector.Projection
			for _, n := range tt.names {
				ps = append(ps, newToy(n, "one"))
			}
			if _, err := projector.New(e.pool, e.store, projector.Config{}, ps...); err == nil {
				t.Fatal("New accepted it")
			}
		})
	}
}

package projector_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestRebuildWhileAppending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	rt := mustRuntime(t, e, projector.Config{BatchSize: 50}, newToy("rebuilt", "one"))
	readmodeltest.Start(t, rt)
	mustWaitFor(t, rt, "rebuilt", appendEvents(t, e.store, 2000, typeCounted))

	stop := make(chan struct{})
	var appended atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := appendSome(e.store, 10, typeCounted); err != nil {
				t.Error(err)
				return
			}
			appended.Add(10)
			time.Sleep(20 * time.Millisecond) // a steady trickle the rebuild can overtake
		}
	})
	var reports int
	var lastDone, lastTotal uint64
	err := rt.Rebuild(ctx, "rebuilt", func(done, total uint64, _ float64) {
		reports, lastDone, lastTotal = reports+1, done, total
	})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if reports == 0 || lastDone < 2000 || lastTotal < lastDone {
		t.Fatalf("progress: %d reports, last %d of %d; want reports up to at least 2000 events", reports, lastDone, lastTotal)
	}
	head, err := e.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustWaitFor(t, rt, "rebuilt", head)
	wantExactlyOnce(t, rt, e.store, "rebuilt")
	s := mustStatus(t, rt, "rebuilt")
	if s.Generation != 2 || s.Schema != "rm_rebuilt_g2" {
		t.Fatalf("status %+v, want generation 2 live", s)
	}
	var old int
	if err := e.pool.QueryRow(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = 'rm_rebuilt_g1'").Scan(&old); err != nil || old != 0 {
		t.Fatalf("old schema still there (%d, %v)", old, err)
	}
	t.Logf("%d events appended during the rebuild", appended.Load())
}

func TestRebuildManyRebuildsEachExactlyOnceAndSumsProgress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	names := []string{"first", "second", "third"}
	rt := mustRuntime(t, e, projector.Config{BatchSize: 40}, newToy(names[0], "one"), newToy(names[1], "one"), newToy(names[2], "one"))
	readmodeltest.Start(t, rt)
	head := appendEvents(t, e.store, 600, typeCounted)
	for _, n := range names {
		mustWaitFor(t, rt, n, head)
	}
	var lastDone, lastTotal uint64
	if err := rt.RebuildMany(ctx, nil, func(done, total uint64, _ float64) { lastDone, lastTotal = done, total }); err != nil {
		t.Fatal(err)
	}
	if lastDone != 3*600 || lastTotal != lastDone {
		t.Errorf("progress ended at %d of %d, want %d of %d", lastDone, lastTotal, 3*600, 3*600)
	}
	for _, n := range names {
		wantExactlyOnce(t, rt, e.store, n)
		if s := mustStatus(t, rt, n); s.Generation != 2 {
			t.Errorf("%s: generation %d, want 2", n, s.Generation)
		}
	}
	if err := rt.RebuildMany(ctx, []string{"first", "nosuch"}, nil); !errors.Is(err, projector.ErrUnknownProjection) {
		t.Errorf("rebuilding an unknown projection: %v, want ErrUnknownProjection", err)
	}
}

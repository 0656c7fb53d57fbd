package projector_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// parkWatcher is an Observer that keeps the parked events it hears of.
type parkWatcher struct {
	mu     sync.Mutex
	parked []projector.ParkedEvent
}

var _ projector.Observer = (*parkWatcher)(nil)

func (w *parkWatcher) BatchCommitted(string, projector.BatchStats) {}
func (w *parkWatcher) StateChanged(string, projector.State)        {}
func (w *parkWatcher) Parked(_ string, pe projector.ParkedEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.parked = append(w.parked, pe)
}

func (w *parkWatcher) streams() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, len(w.parked))
	for i, pe := range w.parked {
		out[i] = pe.Stream
	}
	return out
}

// appendCases appends n counted events round-robin over cases streams named prefix-0…,
// in appends of 50 events to one stream; it returns the position of the last.
func appendCases(tb testing.TB, store eventstore.Store, prefix string, cases, n int) eventstore.Position {
	tb.Helper()
	var last eventstore.Position
	for i := 0; i < n; i += 50 {
		types := make([]string, min(50, n-i))
		for j := range types {
			types[j] = typeCounted
		}
		last = appendTo(tb, store, fmt.Sprintf("%s-%d", prefix, i/50%cases), types...)
	}
	return last
}

// TestOnePoisonCaseAmongTenThousandEvents: one event the handler fails on, among 10,000 of
// other cases, in a catch-up span and then live. Its case is parked and its later events wait;
// every other case is current and the checkpoint reaches the head; status and the observer
// show the case; after the fix a retry of that case applies the parked event and those queued
// behind it, in order.
func TestOnePoisonCaseAmongTenThousandEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	appendCases(t, e.store, "case-a", 40, 5000)
	appendTo(t, e.store, "case-poison", typeCounted)
	bad := appendTo(t, e.store, "case-poison", typePoison)
	appendTo(t, e.store, "case-poison", typeCounted, typeCounted)
	appendCases(t, e.store, "case-b", 40, 5000)

	model := &stagedToy{toy: newToy("ten_thousand", "one")}
	model.poisoned.Store(true)
	watcher := &parkWatcher{}
	rt := mustRuntime(t, e, projector.Config{BatchSize: 500, CatchUpBatchSize: 4000, Observer: watcher}, model)
	readmodeltest.Start(t, rt)
	appendTo(t, e.store, "case-poison", typeCounted) // live: queues behind the parked event
	head := appendCases(t, e.store, "case-c", 5, 250)
	mustWaitFor(t, rt, "ten_thousand", head)

	rows := handledRows(t, rt, "ten_thousand")
	for _, ev := range logged(t, e.store) {
		r, ok := rows[ev.ID]
		queued := ev.Stream == "case-poison" && ev.Position.Compare(bad) >= 0
		if ok == queued || ok && r.times != 1 {
			t.Fatalf("event of %s at %s: present %v, handled %d times; want the other cases current and the poison's case held",
				ev.Stream, ev.Position, ok, r.times)
		}
	}
	wantParked(t, rt, "ten_thousand", "case-poison", bad)
	if got := watcher.streams(); len(got) != 1 || got[0] != "case-poison" {
		t.Fatalf("observer heard of parked streams %v, want case-poison once", got)
	}
	if n, err := rt.ParkedCases(ctx); err != nil || n["ten_thousand"] != 1 {
		t.Fatalf("ParkedCases = %v, %v; want one for ten_thousand", n, err)
	}

	model.poisoned.Store(false) // the fix is deployed
	if _, err := rt.Retry(ctx, "ten_thousand", projector.Which{Stream: "case-poison"}); err != nil {
		t.Fatal(err)
	}
	rows = wantExactlyOnce(t, rt, e.store, "ten_thousand")
	wantInOrder(t, rows, e.store, "case-poison")
	if s := mustStatus(t, rt, "ten_thousand"); len(s.Parked) != 0 || s.Processed != uint64(len(rows)) {
		t.Fatalf("status %+v, want nothing parked and %d events processed", s, len(rows))
	}
}

// TestRetryWhileTheCaseKeepsWriting: events of a parked case keep arriving while it is
// retried; the runner and the retry take turns on the generation's row lock, so every event of
// the case is applied once and in log order, whichever of them applies it.
func TestRetryWhileTheCaseKeepsWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, model, rt := startPoisoned(t, "busy_case", projector.Config{BatchSize: 5, BatchWait: time.Millisecond})
	appendTo(t, e.store, "case-hot", typeCounted)
	bad := appendTo(t, e.store, "case-hot", typePoison)
	mustWaitFor(t, rt, "busy_case", appendTo(t, e.store, "case-hot", typeCounted))
	wantParked(t, rt, "busy_case", "case-hot", bad)

	var wg sync.WaitGroup
	released := make(chan struct{})
	wg.Go(func() {
		for i := 0; i < 200; i++ {
			if i == 20 {
				close(released) // retry once some events have queued and while more come
			}
			stream := "case-hot"
			if i%3 == 0 {
				stream = "case-cold"
			}
			if _, err := e.store.Append(ctx, stream, eventstore.Any, eventstore.EventData{ID: uuid.New(), Type: typeCounted, Data: payload}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	<-released
	model.poisoned.Store(false)
	if _, err := rt.Retry(ctx, "busy_case", projector.Which{Stream: "case-hot"}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	head, err := e.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustWaitFor(t, rt, "busy_case", head)
	rows := wantExactlyOnce(t, rt, e.store, "busy_case")
	wantInOrder(t, rows, e.store, "case-hot")
	wantInOrder(t, rows, e.store, "case-cold")
}

// TestRebuildParksTheCaseToo: a rebuild meets the event the live generation parked; it parks
// the case in the new generation as well, goes live, and the case is listed there, ready for a
// retry, while the old generation's dead letter is superseded.
func TestRebuildParksTheCaseToo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, model, rt := startPoisoned(t, "rebuilt_parked", projector.Config{BatchSize: 50})
	appendCases(t, e.store, "case", 10, 500)
	appendTo(t, e.store, "case-poison", typePoison, typeCounted)
	bad := mustEvent(t, e.store, "case-poison", 0).Position
	mustWaitFor(t, rt, "rebuilt_parked", appendCases(t, e.store, "case", 10, 500))
	wantParked(t, rt, "rebuilt_parked", "case-poison", bad)

	if err := rt.Rebuild(ctx, "rebuilt_parked", nil); err != nil {
		t.Fatalf("Rebuild = %v, want it live with the case parked", err)
	}
	if pe := wantParked(t, rt, "rebuilt_parked", "case-poison", bad); pe.Generation != 2 {
		t.Fatalf("parked %+v, want it in generation 2", pe)
	}
	model.poisoned.Store(false)
	if _, err := rt.Retry(ctx, "rebuilt_parked", projector.Which{}); err != nil {
		t.Fatal(err)
	}
	wantInOrder(t, wantExactlyOnce(t, rt, e.store, "rebuilt_parked"), e.store, "case-poison")
}

// startPoisoned runs a toy called name whose handler fails on poison events.
func startPoisoned(tb testing.TB, name string, cfg projector.Config) (env, *toy, *projector.Runtime) {
	tb.Helper()
	e := mustEnv(tb)
	model := newToy(name, "one")
	model.poisoned.Store(true)
	rt := mustRuntime(tb, e, cfg, model)
	readmodeltest.Start(tb, rt)
	return e, model, rt
}

// mustEvent is event revision of stream.
func mustEvent(tb testing.TB, store eventstore.Store, stream string, revision uint64) eventstore.RecordedEvent {
	tb.Helper()
	evs, err := store.ReadStream(context.Background(), stream, revision, 1)
	if err != nil || len(evs) != 1 {
		tb.Fatalf("event %d of %s: %v", revision, stream, err)
	}
	return evs[0]
}

// TestPoisonArrivingAsARebuildSwitches: the poison event lands once the rebuild has read
// everything and the live generation has parked it, so the switch, which applies the events the
// live generation read beyond the new one, meets it; the rebuild goes live with the case parked
// and every other event applied once.
func TestPoisonArrivingAsARebuildSwitches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, _, rt := startPoisoned(t, "late_poison", projector.Config{BatchSize: 50})
	// Not a multiple of BatchSize: the rebuild's last batch is short and says it caught up,
	// so the progress report of the last event comes just before the switch.
	mustWaitFor(t, rt, "late_poison", appendCases(t, e.store, "case", 10, 490))

	var once sync.Once
	var bad eventstore.Position
	err := rt.Rebuild(ctx, "late_poison", func(done, total uint64, _ float64) {
		if done >= total {
			once.Do(func() {
				appendTo(t, e.store, "case-late", typePoison)
				bad = mustEvent(t, e.store, "case-late", 0).Position
				mustWaitFor(t, rt, "late_poison", appendTo(t, e.store, "case-after", typeCounted))
			})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if pe := wantParked(t, rt, "late_poison", "case-late", bad); pe.Generation != 2 {
		t.Fatalf("parked %+v, want it in generation 2", pe)
	}
	rows := handledRows(t, rt, "late_poison")
	if len(rows) != len(logged(t, e.store))-1 {
		t.Fatalf("%d rows, want every event but the poison", len(rows))
	}
}

package postgres_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

// outcome is what one append of a batch answered.
type outcome struct {
	res eventstore.AppendResult
	err error
}

// appendTogether makes each append wait in the store's queue, then lets them go out at once.
func appendTogether(t *testing.T, store *postgres.Store, appends ...func() (eventstore.AppendResult, error)) []outcome {
	t.Helper()
	waiting, release := postgres.HoldWrites(store)
	outcomes := make([]outcome, len(appends))
	done := make(chan int, len(appends))
	for i, a := range appends {
		go func() {
			outcomes[i].res, outcomes[i].err = a()
			done <- i
		}()
		for waiting() < i+1 { // one at a time, so the batch keeps their order
			runtime.Gosched()
		}
	}
	release()
	for range appends {
		<-done
	}
	return outcomes
}

func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t, mustMigratedPool(t), postgres.WithWriters(1))
	appendTo := func(stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) func() (eventstore.AppendResult, error) {
		return func() (eventstore.AppendResult, error) { return store.Append(ctx, stream, expected, events...) }
	}
	mustAppend := func(stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) eventstore.AppendResult {
		t.Helper()
		res, err := store.Append(ctx, stream, expected, events...)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	newStream := func() string { return "case-" + uuid.NewString() }

	t.Run("a conflict in a shared batch fails only its own append, and a retry gets its original result", func(t *testing.T) {
		open, wrong, retried, fresh := newStream(), newStream(), newStream(), newStream()
		mustAppend(open, eventstore.NoStream, newEvent())
		mustAppend(wrong, eventstore.NoStream, newEvent(), newEvent())
		first := []eventstore.EventData{newEvent(), newEvent()}
		original := mustAppend(retried, eventstore.NoStream, first...)

		got := appendTogether(t, store,
			appendTo(open, eventstore.Exact(0), newEvent(), newEvent()),
			appendTo(wrong, eventstore.Exact(0), newEvent()),
			appendTo(retried, eventstore.NoStream, first...),
			appendTo(fresh, eventstore.NoStream, newEvent()),
		)
		if got[0].err != nil || got[0].res.LastRevision != 2 {
			t.Fatalf("append at the right revision: %+v, %v; want revision 2", got[0].res, got[0].err)
		}
		var conflict *eventstore.ConflictError
		if !errors.As(got[1].err, &conflict) || conflict.Actual != 1 {
			t.Fatalf("append at a wrong revision: %v, want a conflict that found revision 1", got[1].err)
		}
		if got[2].err != nil || got[2].res != original {
			t.Fatalf("retry: %+v, %v; want the original result %+v", got[2].res, got[2].err, original)
		}
		if got[3].err != nil || got[3].res.LastRevision != 0 {
			t.Fatalf("append to a new stream: %+v, %v", got[3].res, got[3].err)
		}
		if got[0].res.Position.Commit != got[3].res.Position.Commit {
			t.Fatalf("the appends that wrote are in transactions %d and %d, want one shared", got[0].res.Position.Commit, got[3].res.Position.Commit)
		}
		if got[0].res.Position.Compare(got[3].res.Position) >= 0 {
			t.Fatalf("positions %s and %s are not in the order of the batch", got[0].res.Position, got[3].res.Position)
		}
		for stream, want := range map[string]int{open: 3, wrong: 2, retried: 2, fresh: 1} {
			if evs, err := store.ReadStream(ctx, stream, 0, 0); err != nil || len(evs) != want {
				t.Fatalf("stream %s holds %d events (%v), want %d", stream, len(evs), err, want)
			}
		}
	})

	t.Run("an id repeated across streams in one batch fails only the later append", func(t *testing.T) {
		twice := newEvent()
		one, other, bystander := newStream(), newStream(), newStream()
		got := appendTogether(t, store,
			appendTo(one, eventstore.NoStream, twice),
			appendTo(other, eventstore.NoStream, twice),
			appendTo(bystander, eventstore.NoStream, newEvent()),
		)
		if got[0].err != nil || got[2].err != nil {
			t.Fatalf("appends without a clash failed: %v, %v", got[0].err, got[2].err)
		}
		if !errors.Is(got[1].err, eventstore.ErrConflict) {
			t.Fatalf("the same id in another stream: %v, want a conflict", got[1].err)
		}
	})

	t.Run("an append whose caller leaves while it waits is not written", func(t *testing.T) {
		stream := newStream()
		gone, cancel := context.WithCancel(ctx)
		waiting, release := postgres.HoldWrites(store)
		errc := make(chan error, 1)
		go func() {
			_, err := store.Append(gone, stream, eventstore.NoStream, newEvent())
			errc <- err
		}()
		for waiting() == 0 {
			runtime.Gosched()
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("append of a caller that left: %v, want context.Canceled", err)
		}
		release()
		mustAppend(newStream(), eventstore.NoStream, newEvent()) // the slot is free again
		if _, err := store.ReadStream(ctx, stream, 0, 0); !errors.Is(err, eventstore.ErrStreamNotFound) {
			t.Fatalf("stream of the abandoned append: %v, want not found", err)
		}
	})

	t.Run("an append too large for one statement is written whole, retried and refused whole", func(t *testing.T) {
		// 7 parameters an event: more than 9,362 events do not fit the protocol's 65,535.
		events := func(n int) []eventstore.EventData {
			es := make([]eventstore.EventData, n)
			for i := range es {
				es[i] = newEvent()
			}
			return es
		}
		stream := newStream()
		first := events(10_000)
		res := mustAppend(stream, eventstore.NoStream, first...)
		if res.LastRevision != 9_999 {
			t.Fatalf("10,000 events end at revision %d, want 9999", res.LastRevision)
		}
		if again, err := store.Append(ctx, stream, eventstore.NoStream, first...); err != nil || again != res {
			t.Fatalf("retry of the large append: %+v, %v; want the original %+v", again, err, res)
		}
		if _, err := store.Append(ctx, stream, eventstore.Exact(5), events(9_500)...); !errors.Is(err, eventstore.ErrConflict) {
			t.Fatalf("large append at a wrong revision: %v, want a conflict", err)
		}
		if next := mustAppend(stream, eventstore.Exact(9_999), events(9_500)...); next.LastRevision != 19_499 {
			t.Fatalf("second large append ends at %d, want 19499", next.LastRevision)
		}
		written, err := store.ReadStream(ctx, stream, 0, 0)
		if err != nil || len(written) != 19_500 {
			t.Fatalf("stream holds %d events (%v), want 19,500", len(written), err)
		}
		for i, e := range written[:len(first)] {
			if e.Revision != uint64(i) || e.ID != first[i].ID {
				t.Fatalf("event %d: revision %d id %s, want revision %d id %s", i, e.Revision, e.ID, i, first[i].ID)
			}
		}
	})
}

// TestAFurtherBatchWaitsForItsShareOfTheWriters: with one batch in flight, a second statement
// starts only once the queue holds a fair share of the writers, and whatever waits goes out as
// soon as nothing else is in flight.
func TestAFurtherBatchWaitsForItsShareOfTheWriters(t *testing.T) {
	ctx := context.Background()
	pool := mustMigratedPool(t)
	store := mustStore(t, pool, postgres.WithWriters(2))
	newStream := func() string { return "case-" + uuid.NewString() }
	appendAsync := func(stream string) <-chan outcome {
		c := make(chan outcome, 1)
		go func() {
			res, err := store.Append(ctx, stream, eventstore.NoStream, newEvent())
			c <- outcome{res, err}
		}()
		return c
	}
	waitFor := func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for postgres.Waiting(store) != n {
			if time.Now().After(deadline) {
				t.Fatalf("%d appends wait in the queue, want %d", postgres.Waiting(store), n)
			}
			runtime.Gosched()
		}
	}
	mustLand := func(c <-chan outcome) eventstore.AppendResult {
		t.Helper()
		o := <-c
		if o.err != nil {
			t.Fatal(o.err)
		}
		return o.res
	}

	// A transaction held open has written revision 0 of stream held, so a batch appending there
	// waits in the unique index until the transaction ends: a batch in flight for as long as
	// the test wants.
	held := newStream()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := postgres.AppendInTx(ctx, tx, held, eventstore.NoStream, newEvent()); err != nil {
		t.Fatal(err)
	}
	waiting, release := postgres.HoldWrites(store)
	blocked := []<-chan outcome{appendAsync(held)}
	for i := range 4 {
		waitFor(i + 1)
		blocked = append(blocked, appendAsync(newStream()))
	}
	for waiting() < 5 {
		runtime.Gosched()
	}
	release() // one batch of five goes out and waits for the held transaction

	// Five appends are in flight and none waits: a fair share of the two slots is three.
	first, second := appendAsync(newStream()), appendAsync(newStream())
	waitFor(2)
	select {
	case o := <-first:
		t.Fatalf("an append went out before its share of the writers was waiting: %+v", o)
	default:
	}
	third := appendAsync(newStream())
	together := []eventstore.AppendResult{mustLand(first), mustLand(second), mustLand(third)}
	for _, r := range together[1:] {
		if r.Position.Commit != together[0].Position.Commit {
			t.Fatalf("the three appends committed in transactions %d and %d, want one", together[0].Position.Commit, r.Position.Commit)
		}
	}

	// One append alone waits for its share too, but no longer than the batch in flight.
	last := appendAsync(newStream())
	waitFor(1)
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range blocked {
		mustLand(c)
	}
	mustLand(last)
	statements, appends := store.AppendStatements()
	if statements != 3 || appends != 9 {
		t.Fatalf("%d appends in %d statements, want 9 in 3 (5, 3 and 1)", appends, statements)
	}
}

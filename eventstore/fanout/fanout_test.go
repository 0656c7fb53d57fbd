package fanout_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/fanout"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestConformance runs the store suite through a fanout per subtest.
func TestConformance(t *testing.T) {
	base := mustPostgres(t)
	storetest.Run(t, func(t *testing.T) eventstore.Store {
		return nonClosing{fanout.New(base, eventstore.Filter{}, fanout.Options{})}
	})
}

// TestConformanceOneTinyBuffer runs the suite with every subtest subscribing through one
// fanout whose buffer is tiny and impatient, so subscribers keep falling off the shared read,
// reading on their own and joining it again.
func TestConformanceOneTinyBuffer(t *testing.T) {
	shared := fanout.New(mustPostgres(t), eventstore.Filter{}, fanout.Options{Capacity: 8, Patience: 5 * time.Millisecond})
	storetest.Run(t, func(*testing.T) eventstore.Store { return nonClosing{shared} })
}

// TestConformanceInBatches runs the suite with every Recv served by RecvBatch, so a batch
// consumer sees what a Recv consumer sees.
func TestConformanceInBatches(t *testing.T) {
	shared := fanout.New(mustPostgres(t), eventstore.Filter{}, fanout.Options{Capacity: 8, Patience: 5 * time.Millisecond})
	storetest.Run(t, func(*testing.T) eventstore.Store { return nonClosing{batching{shared}} })
}

// batching is a store whose subscriptions receive through RecvBatch, three messages at most.
type batching struct{ eventstore.Store }

func (b batching) Subscribe(ctx context.Context, after eventstore.Position, f eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := b.Store.Subscribe(ctx, after, f)
	if err != nil {
		return nil, err
	}
	return &batchedSubscription{Subscription: sub}, nil
}

type batchedSubscription struct {
	eventstore.Subscription
	pending []eventstore.SubscriptionMessage
}

func (b *batchedSubscription) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	if len(b.pending) == 0 {
		msgs, err := b.Subscription.(interface {
			RecvBatch(context.Context, int) ([]eventstore.SubscriptionMessage, error)
		}).RecvBatch(ctx, 3)
		if err != nil {
			return eventstore.SubscriptionMessage{}, err
		}
		b.pending = msgs
	}
	msg := b.pending[0]
	b.pending = b.pending[1:]
	return msg, nil
}

func TestSubscribersShareOneRead(t *testing.T) {
	counting := &countingStore{Store: mustPostgres(t)}
	store := fanout.New(counting, eventstore.Filter{}, fanout.Options{})
	want := appendEvents(t, store, "share", 300)
	var subs []eventstore.Subscription
	for range 5 {
		sub, err := store.Subscribe(context.Background(), eventstore.Position{}, eventstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		subs = append(subs, sub)
	}
	for i, sub := range subs {
		if got := storetest.RecvUntilCaughtUp(t, sub); !sameIDs(got, want) {
			t.Errorf("subscriber %d: %d events, want the %d appended in order", i, len(got), len(want))
		}
	}
	if n := counting.subscribes.Load(); n != 1 {
		t.Errorf("%d upstream subscriptions for 5 subscribers at one position, want 1", n)
	}
}

func TestSlowSubscriberFallsBehindAndLosesNothing(t *testing.T) {
	store := fanout.New(mustPostgres(t), eventstore.Filter{}, fanout.Options{Capacity: 16, Patience: 10 * time.Millisecond})
	want := appendEvents(t, store, "slow", 200)
	var wg sync.WaitGroup
	for i, pause := range []time.Duration{0, 30 * time.Millisecond, 0, 5 * time.Millisecond} {
		sub, err := store.Subscribe(context.Background(), eventstore.Position{}, eventstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		wg.Go(func() {
			var got []eventstore.RecordedEvent
			for len(got) < len(want) {
				if len(got)%50 == 10 {
					time.Sleep(pause)
				}
				got = append(got, storetest.RecvEvents(t, sub, 1)...)
			}
			if !sameIDs(got, want) {
				t.Errorf("subscriber %d (pausing %v): events differ from the log", i, pause)
			}
		})
	}
	wg.Wait()
}

func TestFilterNotCoveredReadsOnItsOwn(t *testing.T) {
	counting := &countingStore{Store: mustPostgres(t)}
	store := fanout.New(counting, eventstore.Filter{StreamPrefixes: []string{"case-"}}, fanout.Options{})
	appendEvents(t, store, "case-", 3)
	want := appendEvents(t, store, "plot-", 3)
	sub, err := store.Subscribe(context.Background(), eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"plot-"}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if got := storetest.RecvUntilCaughtUp(t, sub); !sameIDs(got, want) {
		t.Errorf("got %d events, want the 3 plot events", len(got))
	}
}

// appendEvents appends n one-event streams named prefix+uuid and returns them as read back.
func appendEvents(t *testing.T, store eventstore.Store, prefix string, n int) []eventstore.RecordedEvent {
	t.Helper()
	ctx := context.Background()
	var ids []uuid.UUID
	for i := range n {
		id := uuid.New()
		ids = append(ids, id)
		data := []byte(fmt.Sprintf(`{"n":%d}`, i))
		if _, err := store.Append(ctx, prefix+id.String(), eventstore.NoStream,
			eventstore.EventData{ID: id, Type: "fanouttest.Noted.v1", Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := store.ReadAll(ctx, eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{prefix}}, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < n {
		t.Fatalf("read back %d of %d events", len(all), n)
	}
	return all
}

func sameIDs(got, want []eventstore.RecordedEvent) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			return false
		}
	}
	return true
}

func mustPostgres(t *testing.T) eventstore.Store {
	return pgstoretest.Open(t, pgtest.NewPool(t))
}

// countingStore counts the subscriptions opened on the store it wraps.
type countingStore struct {
	eventstore.Store
	subscribes atomic.Int32
}

func (c *countingStore) Subscribe(ctx context.Context, after eventstore.Position, f eventstore.Filter) (eventstore.Subscription, error) {
	c.subscribes.Add(1)
	return c.Store.Subscribe(ctx, after, f)
}

// nonClosing keeps the suite's subtests from closing the store the others share.
type nonClosing struct{ eventstore.Store }

func (nonClosing) Close() error { return nil }

package commands

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
)

// gatedStore holds the first append to a counter stream until release closes, and counts them.
type gatedStore struct {
	eventstore.Store
	held    chan struct{} // closed when the first append is held
	release chan struct{}
	appends atomic.Int32
}

func (s *gatedStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if strings.HasPrefix(stream, TrackingStreamPrefix) && s.appends.Add(1) == 1 {
		close(s.held)
		<-s.release
	}
	return s.Store.Append(ctx, stream, expected, events...)
}

func TestTrackingNumbersBatchWaitingCases(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store := &gatedStore{Store: pgstoretest.Open(t, pool), held: make(chan struct{}), release: make(chan struct{})}
	n := newNumbers(store)
	at := time.Now()
	const waiting = 9
	got := make(chan string, waiting+1)
	allocate := func() {
		num, err := n.allocate(context.Background(), uuid.New(), access.Permit, at)
		if err != nil {
			t.Error(err)
		}
		got <- num
	}
	go allocate()
	<-store.held
	var wg sync.WaitGroup
	for range waiting {
		wg.Go(allocate)
	}
	// Release the first append once every other case waits behind it.
	var s *series
	for s == nil || queued(s) < waiting {
		for _, x := range n.seriesList() {
			s = x
		}
		time.Sleep(time.Millisecond)
	}
	close(store.release)
	wg.Wait()
	seen := map[string]bool{}
	for range waiting + 1 {
		seen[<-got] = true
	}
	if len(seen) != waiting+1 {
		t.Fatalf("%d distinct numbers for %d cases: %v", len(seen), waiting+1, seen)
	}
	if a := store.appends.Load(); a != 2 {
		t.Fatalf("%d appends to the counter stream; want 2: the first case's, then one for the %d that waited", a, waiting)
	}
}

func queued(s *series) int {
	s.queueMu.Lock()
	defer s.queueMu.Unlock()
	return len(s.queue)
}

// seriesList is every series this process knows.
func (n *numbers) seriesList() []*series {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]*series, 0, len(n.series))
	for _, s := range n.series {
		out = append(out, s)
	}
	return out
}

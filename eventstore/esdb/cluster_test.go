package esdb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// These tests kill the leader of a three-node cluster, so they always run on the test server.

// openedOnACluster is a store on a fresh cluster, with options added to its connection string,
// and a case stream holding one event (revision 0).
func openedOnACluster(t *testing.T, options string) (*esdbtest.Cluster, *esdb.Store, string) {
	t.Helper()
	c := esdbtest.StartCluster(t)
	s := MustOpen(t, c.URL()+options)
	name := stream("case")
	mustAppend(t, s, name, eventstore.NoStream, event("case.Opened.v1"))
	return c, s, name
}

func TestAnAppendTheLeaderDiedAnsweringIsWrittenOnce(t *testing.T) {
	t.Parallel()
	c, s, name := openedOnACluster(t, "")
	more := []eventstore.EventData{event("case.Noted.v1"), event("case.Noted.v1")}
	c.KillLeaderAfterNextWrite()
	res := mustAppend(t, s, name, eventstore.Exact(0), more...)
	if res.LastRevision != 2 {
		t.Fatalf("append result %+v, want revision 2", res)
	}
	got, err := s.ReadStream(context.Background(), name, 0, 0)
	if err != nil || len(got) != 3 || got[1].ID != more[0].ID || got[2].ID != more[1].ID || got[2].Position != res.Position {
		t.Fatalf("the stream holds %d events (%v), want the two appended once at %v", len(got), err, res.Position)
	}
}

// An election shorter than the client's discovery: the store's write waits it out.
func TestAStoreWaitsOutAShortElection(t *testing.T) {
	t.Parallel()
	c, s, name := openedOnACluster(t, "")
	c.KillLeaderWithElection(4)
	mustAppend(t, s, name, eventstore.Exact(0), event("case.Noted.v1"))
}

// An election longer than the client's discovery: the write is refused as unavailable, and
// the caller's retries with the same event (what a command retried under its Idempotency-Key
// sends) write it once the cluster has a leader again.
func TestAWriteDuringALongElectionIsRefusedThenWrittenOnce(t *testing.T) {
	t.Parallel()
	c, s, name := openedOnACluster(t, "&maxDiscoverAttempts=2&discoveryInterval=10")
	c.KillLeaderWithElection(12)
	e := event("case.Noted.v1")
	var refusals []error
	for len(refusals) < 5 {
		_, err := s.Append(context.Background(), name, eventstore.Exact(0), e)
		if err == nil {
			break
		}
		if !errors.Is(err, eventstore.ErrUnavailable) {
			t.Fatalf("a write during the election: %v, want ErrUnavailable", err)
		}
		refusals = append(refusals, err)
	}
	if len(refusals) == 0 || len(refusals) == 5 {
		t.Fatalf("%d refusals before the write, want some and then the write", len(refusals))
	}
	got, err := s.ReadStream(context.Background(), name, 0, 0)
	if err != nil || len(got) != 2 || got[1].ID != e.ID {
		t.Fatalf("the stream holds %d events (%v), want the retried one once", len(got), err)
	}
}

// A store that prefers followers reads there; its writes are refused with the leader's
// address, which the client follows while the store runs the write again.
func TestAStoreOnAFollowerWritesThroughTheLeader(t *testing.T) {
	t.Parallel()
	_, s, name := openedOnACluster(t, "&nodePreference=follower")
	res := mustAppend(t, s, name, eventstore.Exact(0), event("case.Noted.v1"))
	if got, err := s.ReadStream(context.Background(), name, 0, 0); err != nil || len(got) != 2 || got[1].Position != res.Position {
		t.Fatalf("read back %d events (%v), want 2", len(got), err)
	}
}

// Writers on their own streams while the leader is killed twice: every append is answered,
// and every stream holds its events once, in order.
func TestConcurrentAppendsSurviveLeaderChanges(t *testing.T) {
	t.Parallel()
	c := esdbtest.StartCluster(t)
	s := MustOpen(t, c.URL())
	const writers, perWriter = 6, 20
	ids := make([][]uuid.UUID, writers)
	var wg sync.WaitGroup
	progress := make(chan struct{}, writers*perWriter)
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			name := fmt.Sprintf("case-%d", w)
			expected := eventstore.NoStream
			for i := range perWriter {
				e := event("case.Noted.v1")
				res, err := s.Append(context.Background(), name, expected, e)
				if err != nil {
					errs <- fmt.Errorf("writer %d, append %d: %w", w, i, err)
					return
				}
				ids[w] = append(ids[w], e.ID)
				expected = eventstore.Exact(res.LastRevision)
				progress <- struct{}{}
			}
		})
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	first := c.Leader()
	for n := 1; n <= writers*perWriter/2; n++ {
		select {
		case <-progress:
		case <-finished: // writers that fail stop early
		}
		switch n {
		case writers * perWriter / 6:
			c.KillLeaderAfterNextWrite()
		case writers * perWriter / 3: // the first leader is back as a follower, so two nodes stay up
			mustRestart(t, first)
			c.KillLeader()
		}
	}
	<-finished
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for w := range writers {
		got, err := s.ReadStream(context.Background(), fmt.Sprintf("case-%d", w), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids[w]) {
			t.Fatalf("writer %d: %d events stored, %d acknowledged", w, len(got), len(ids[w]))
		}
		for i, e := range got {
			if e.ID != ids[w][i] {
				t.Fatalf("writer %d: event %d is %s, want %s", w, i, e.ID, ids[w][i])
			}
		}
	}
}

func TestASubscriptionResumesOnTheNewLeader(t *testing.T) {
	t.Parallel()
	c := esdbtest.StartCluster(t)
	s := MustOpen(t, c.URL())
	name := stream("case")
	sub := mustSubscribe(t, s, eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"case-"}})
	var sent []eventstore.EventData
	appendN := func(n int) {
		for range n {
			e := event("case.Noted.v1")
			mustAppend(t, s, name, eventstore.Any, e)
			sent = append(sent, e)
		}
	}
	appendN(5)
	got := recvUntilCaughtUp(t, sub)
	got = append(got, recvEvents(t, sub, 5-len(got))...)
	// Events the filter skips move the position by checkpoints only (one per 32 events it
	// looks at): the first resumption starts from a checkpoint, not from an event.
	skipped := make([]eventstore.EventData, 40)
	for i := range skipped {
		skipped[i] = event("other.Noted.v1")
	}
	mustAppend(t, s, stream("other"), eventstore.NoStream, skipped...)
	for msg := recv(t, sub); msg.Checkpoint == nil || msg.Checkpoint.Compare(got[4].Position) <= 0; msg = recv(t, sub) {
		if msg.Event != nil {
			t.Fatalf("the filter let %s through", msg.Event.Stream)
		}
	}

	killed := c.KillLeader()
	appendN(5)
	mustRestart(t, killed)
	c.KillLeader()
	appendN(5)
	got = append(got, recvEvents(t, sub, 10)...)
	for i, e := range got {
		if e.ID != sent[i].ID {
			t.Fatalf("event %d delivered is %s, want %s: a gap or a duplicate", i, e.ID, sent[i].ID)
		}
	}
}

// mustRestart brings a killed node back; it rejoins as a follower.
func mustRestart(tb testing.TB, node *esdbtest.Server) {
	tb.Helper()
	if err := node.Restart(); err != nil {
		tb.Fatal(err)
	}
}

package esdbtest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// tally counts what a subscription delivered up to and including the first caught-up signal.
type tally struct {
	events      []*esdb.RecordedEvent
	checkpoints []esdb.Position
}

func untilCaughtUp(t *testing.T, sub *esdb.Subscription) tally {
	t.Helper()
	var got tally
	for {
		m := sub.Recv()
		switch {
		case m.EventAppeared != nil:
			got.events = append(got.events, m.EventAppeared.OriginalEvent())
		case m.CheckPointReached != nil:
			got.checkpoints = append(got.checkpoints, *m.CheckPointReached)
		case m.CaughtUp != nil:
			return got
		case m.SubscriptionDropped != nil:
			t.Fatalf("dropped: %v", m.SubscriptionDropped.Error)
		}
	}
}

func nextEvent(t *testing.T, sub *esdb.Subscription) *esdb.RecordedEvent {
	t.Helper()
	for {
		m := sub.Recv()
		switch {
		case m.EventAppeared != nil:
			return m.EventAppeared.OriginalEvent()
		case m.SubscriptionDropped != nil:
			t.Fatalf("dropped: %v", m.SubscriptionDropped.Error)
		}
	}
}

func TestSubscribeToStream(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := MustClient(t)
	MustAppend(t, c, "case-s", esdb.NoStream{}, "E", 3)
	MustAppend(t, c, "other-s", esdb.NoStream{}, "E", 3)

	sub, err := c.SubscribeToStream(ctx, "case-s", esdb.SubscribeToStreamOptions{From: esdb.Revision(0)})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if got := untilCaughtUp(t, sub); len(got.events) != 2 || got.events[0].EventNumber != 1 {
		t.Fatalf("catch-up from revision 0 delivered %d events; want revisions 1 and 2", len(got.events))
	}
	MustAppend(t, c, "other-s", esdb.Revision(2), "E", 1)
	MustAppend(t, c, "case-s", esdb.Revision(2), "E", 1)
	if ev := nextEvent(t, sub); ev.StreamID != "case-s" || ev.EventNumber != 3 {
		t.Fatalf("live event %s@%d; want case-s@3", ev.StreamID, ev.EventNumber)
	}
}

func TestSubscribeToAllWithFilter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := MustClient(t)
	for i := range 10 {
		MustAppend(t, c, fmt.Sprintf("order-%d", i), esdb.NoStream{}, "Placed", 1)
		MustAppend(t, c, fmt.Sprintf("noise-%d", i), esdb.NoStream{}, "Noise", 3)
	}
	filter := &esdb.SubscriptionFilter{Type: esdb.StreamFilterType, Prefixes: []string{"order-"}}

	t.Run("checkpoints every window of considered events and before caught up", func(t *testing.T) {
		sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: filter, MaxSearchWindow: 8})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		got := untilCaughtUp(t, sub)
		// 5 system events + 40 user events considered: 5 periodic checkpoints and the final one.
		if len(got.events) != 10 || len(got.checkpoints) != 6 {
			t.Fatalf("got %d events and %d checkpoints; want 10 and 6", len(got.events), len(got.checkpoints))
		}
		last := got.checkpoints[len(got.checkpoints)-1]
		head, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 1))
		if err != nil || last != head[0].Position {
			t.Fatalf("final checkpoint %v; want the head %v", last, head[0].Position)
		}
	})

	t.Run("resumes strictly after a position and goes live", func(t *testing.T) {
		all, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{}, 1000))
		if err != nil {
			t.Fatal(err)
		}
		var fifth esdb.Position
		n := 0
		for _, e := range all {
			if e.StreamID[:6] == "order-" {
				if n++; n == 5 {
					fifth = e.Position
				}
			}
		}
		sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: fifth, Filter: filter})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		if got := untilCaughtUp(t, sub); len(got.events) != 5 || got.events[0].StreamID != "order-5" {
			t.Fatalf("resumed with %d events", len(got.events))
		}
		MustAppend(t, c, "order-new", esdb.NoStream{}, "Placed", 1)
		if ev := nextEvent(t, sub); ev.StreamID != "order-new" {
			t.Fatalf("live event from %s", ev.StreamID)
		}
	})

	t.Run("excluding system events by event type regex", func(t *testing.T) {
		sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		for _, e := range untilCaughtUp(t, sub).events {
			if e.EventType[0] == '$' {
				t.Fatalf("system event %s in %s delivered", e.EventType, e.StreamID)
			}
		}
	})
}

func TestDropSubscriptions(t *testing.T) {
	t.Parallel()
	srv, c := MustClient(t)
	sub, err := c.SubscribeToAll(context.Background(), esdb.SubscribeToAllOptions{From: esdb.End{}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	untilCaughtUp(t, sub)
	srv.DropSubscriptions()
	m := sub.Recv()
	if m.SubscriptionDropped == nil || status.Code(m.SubscriptionDropped.Error) != codes.Unavailable {
		t.Fatalf("got %+v; want a drop with the raw Unavailable status", m)
	}
}

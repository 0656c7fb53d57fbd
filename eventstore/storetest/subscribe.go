package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/eventstore"
)

var subscribeTests = []test{
	{"catches up, signals CaughtUp, then goes live in global order", func(t *testing.T, s *scope) {
		past := s.appendSpread(t)
		sub := s.mustSubscribe(t, context.Background(), eventstore.Position{}, s.filter())
		wantIDs(t, "catch-up", RecvUntilCaughtUp(t, sub), dataIDs(past))
		live := s.appendSpread(t)
		wantIDs(t, "live", RecvEvents(t, sub, len(live)), dataIDs(live))
	}},
	{"resumes strictly after a checkpoint", func(t *testing.T, s *scope) {
		events := s.appendSpread(t)
		all := s.mustReadAll(t, eventstore.Position{}, s.filter(), 0)
		wantIDs(t, "log", all, dataIDs(events))
		sub := s.mustSubscribe(t, context.Background(), all[1].Position, s.filter())
		wantIDs(t, "after the second event", RecvUntilCaughtUp(t, sub), dataIDs(events[2:]))
	}},
	{"delivers only what the filter selects", func(t *testing.T, s *scope) {
		past := s.appendSpread(t)
		filter := eventstore.Filter{StreamPrefixes: []string{s.prefix + "case", s.prefix + "permit"}, EventTypePrefixes: []string{"storetest.Noted"}}
		sub := s.mustSubscribe(t, context.Background(), eventstore.Position{}, filter)
		wantIDs(t, "catch-up", RecvUntilCaughtUp(t, sub), pick(past, []int{1, 3}))
		live := s.appendSpread(t)
		wantIDs(t, "live", RecvEvents(t, sub, 2), pick(live, []int{1, 3}))
	}},
	{"survives a Recv whose context expires", func(t *testing.T, s *scope) {
		sub := s.mustSubscribe(t, context.Background(), eventstore.Position{}, s.filter())
		RecvUntilCaughtUp(t, sub)
		wantExpiredRecv(t, sub)
		event := newEvent("storetest.Opened.v1", 0)
		s.mustAppend(t, s.stream("case"), eventstore.NoStream, event)
		wantIDs(t, "after the expired Recv", RecvEvents(t, sub, 1), dataIDs([]eventstore.EventData{event}))
	}},
	{"ends when Close is called, and Close again is harmless", func(t *testing.T, s *scope) {
		sub := s.mustSubscribe(t, context.Background(), eventstore.Position{}, s.filter())
		if err := sub.Close(); err != nil {
			t.Fatal(err)
		}
		if err := sub.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		wantEnded(t, sub)
	}},
	{"ends when the Subscribe context ends", func(t *testing.T, s *scope) {
		ctx, cancel := context.WithCancel(context.Background())
		sub := s.mustSubscribe(t, ctx, eventstore.Position{}, s.filter())
		RecvUntilCaughtUp(t, sub)
		cancel()
		wantEnded(t, sub)
	}},
}

func (s *scope) mustSubscribe(t *testing.T, ctx context.Context, after eventstore.Position, f eventstore.Filter) eventstore.Subscription {
	t.Helper()
	sub, err := s.store.Subscribe(ctx, after, f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Close() })
	return sub
}

// RecvMessage waits for the next message of any kind and fails the test on an error.
func RecvMessage(t testing.TB, sub eventstore.Subscription) eventstore.SubscriptionMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), recvTimeout)
	defer cancel()
	msg, err := sub.Recv(ctx)
	if err != nil {
		t.Fatalf("recv: %v", err)
	}
	return msg
}

// RecvUntilCaughtUp returns the events received before the CaughtUp signal; adapters' own
// tests use it too.
func RecvUntilCaughtUp(t testing.TB, sub eventstore.Subscription) []eventstore.RecordedEvent {
	t.Helper()
	var evs []eventstore.RecordedEvent
	for {
		msg := RecvMessage(t, sub)
		switch {
		case msg.CaughtUp:
			return evs
		case msg.Event != nil:
			evs = append(evs, *msg.Event)
		}
	}
}

// RecvEvents returns the next n events, passing over checkpoints and catch-up signals.
func RecvEvents(t testing.TB, sub eventstore.Subscription, n int) []eventstore.RecordedEvent {
	t.Helper()
	var evs []eventstore.RecordedEvent
	for len(evs) < n {
		if msg := RecvMessage(t, sub); msg.Event != nil {
			evs = append(evs, *msg.Event)
		}
	}
	return evs
}

// wantExpiredRecv fails unless a Recv with a short deadline answers the deadline's error;
// checkpoints from other writers of a shared log may come first.
func wantExpiredRecv(t *testing.T, sub eventstore.Subscription) {
	t.Helper()
	for range 1000 {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		msg, err := sub.Recv(ctx)
		cancel()
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			return
		case err != nil:
			t.Fatalf("recv with an expiring context: %v, want context.DeadlineExceeded", err)
		case msg.Event != nil:
			t.Fatalf("unexpected event %s while nothing was appended", msg.Event.ID)
		}
	}
	t.Fatal("recv with an expiring context never expired")
}

// wantEnded fails unless Recv answers an error that is not a context's. Messages buffered
// before the end may come first, but no event: the scope never appended any.
func wantEnded(t *testing.T, sub eventstore.Subscription) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), recvTimeout)
	defer cancel()
	for {
		msg, err := sub.Recv(ctx)
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			t.Fatal("recv blocked on an ended subscription")
		case err != nil:
			return
		case msg.Event != nil:
			t.Fatalf("ended subscription delivered event %s", msg.Event.ID)
		}
	}
}

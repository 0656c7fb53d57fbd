package postgres_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

func newEvent() eventstore.EventData {
	return eventstore.EventData{ID: uuid.New(), Type: "test.Happened.v1", Data: []byte(`{"ok":true}`),
		Metadata: eventstore.Metadata{ActorID: "tester"}}
}

func mustSubscribe(tb testing.TB, store eventstore.Store, filter eventstore.Filter) eventstore.Subscription {
	tb.Helper()
	sub, err := store.Subscribe(context.Background(), eventstore.Position{}, filter)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = sub.Close() })
	return sub
}

func mustRecv(tb testing.TB, sub eventstore.Subscription) eventstore.SubscriptionMessage {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), recvTimeout)
	defer cancel()
	msg, err := sub.Recv(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return msg
}

func recvUntilCaughtUp(tb testing.TB, sub eventstore.Subscription) {
	tb.Helper()
	for !mustRecv(tb, sub).CaughtUp {
	}
}

func recvEvents(tb testing.TB, sub eventstore.Subscription, n int) []eventstore.RecordedEvent {
	tb.Helper()
	var evs []eventstore.RecordedEvent
	for len(evs) < n {
		if msg := mustRecv(tb, sub); msg.Event != nil {
			evs = append(evs, *msg.Event)
		}
	}
	return evs
}

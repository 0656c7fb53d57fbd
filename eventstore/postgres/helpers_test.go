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

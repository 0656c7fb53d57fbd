package esdb_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// MustURL is the EventStoreDB the tests use: ESDB_URL when set (make test-esdb), else an
// in-process test server for this test.
func MustURL(tb testing.TB) string {
	tb.Helper()
	if url := os.Getenv("ESDB_URL"); url != "" {
		return url
	}
	return esdbtest.Start(tb).URL()
}

// MustOpen opens a store on url, closed when the test ends.
func MustOpen(tb testing.TB, url string) *esdb.Store {
	tb.Helper()
	return MustOpenLogged(tb, url, zaptest.NewLogger(tb))
}

// MustOpenLogged is MustOpen with the caller's logger, for tests that read the logs.
func MustOpenLogged(tb testing.TB, url string, logger *zap.Logger) *esdb.Store {
	tb.Helper()
	s, err := esdb.Open(context.Background(), url, logger)
	if err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// stream is a fresh stream name of category, unique across runs on a shared server.
func stream(category string) string { return category + "-" + uuid.NewString() }

func event(typ string) eventstore.EventData {
	return eventstore.EventData{ID: uuid.New(), Type: typ, Data: []byte(`{"ok":true}`), Metadata: eventstore.Metadata{ActorID: "a1"}}
}

func mustAppend(tb testing.TB, s eventstore.Store, name string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) eventstore.AppendResult {
	tb.Helper()
	res, err := s.Append(context.Background(), name, expected, events...)
	if err != nil {
		tb.Fatalf("append to %s: %v", name, err)
	}
	return res
}

func mustSubscribe(tb testing.TB, s eventstore.Store, after eventstore.Position, f eventstore.Filter) eventstore.Subscription {
	tb.Helper()
	sub, err := s.Subscribe(context.Background(), after, f)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = sub.Close() })
	return sub
}

// recv fails the test on an error; the timeout only keeps a broken adapter from hanging.
func recv(tb testing.TB, sub eventstore.Subscription) eventstore.SubscriptionMessage {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	msg, err := sub.Recv(ctx)
	if err != nil {
		tb.Fatalf("recv: %v", err)
	}
	return msg
}

// recvUntilCaughtUp returns the events delivered before CaughtUp.
func recvUntilCaughtUp(tb testing.TB, sub eventstore.Subscription) []eventstore.RecordedEvent {
	tb.Helper()
	var out []eventstore.RecordedEvent
	for msg := recv(tb, sub); !msg.CaughtUp; msg = recv(tb, sub) {
		if msg.Event != nil {
			out = append(out, *msg.Event)
		}
	}
	return out
}

// recvEvents returns the next n events, failing on a repeated CaughtUp.
func recvEvents(tb testing.TB, sub eventstore.Subscription, n int) []eventstore.RecordedEvent {
	tb.Helper()
	var out []eventstore.RecordedEvent
	for len(out) < n {
		msg := recv(tb, sub)
		if msg.CaughtUp {
			tb.Fatal("CaughtUp delivered twice")
		}
		if msg.Event != nil {
			out = append(out, *msg.Event)
		}
	}
	return out
}

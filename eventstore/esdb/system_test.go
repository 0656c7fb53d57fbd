package esdb_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// The log holds what EventStoreDB writes for itself: seeded $stats/$projections events, the
// $metadata of a stream, and the $streamDeleted record of a tombstone, which lives in the
// product's own stream and so passes a server-side stream-prefix filter.
func TestSystemEventsNeverReachTheProduct(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := MustURL(t)
	s, raw := MustOpen(t, url), esdbtest.Connect(t, url)
	prefix := strings.ReplaceAll(stream("sys"), "-", "")[:16]
	kept, doomed := prefix+"case-1", prefix+"case-2"
	mustAppend(t, s, kept, eventstore.NoStream, event("case.Opened.v1"))
	mustAppend(t, s, doomed, eventstore.NoStream, event("case.Opened.v1"))
	var meta es.StreamMetadata
	meta.SetMaxCount(100)
	if _, err := raw.SetStreamMetadata(ctx, kept, es.AppendToStreamOptions{}, meta); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.TombstoneStream(ctx, doomed, es.TombstoneStreamOptions{ExpectedRevision: es.Any{}}); err != nil {
		t.Fatal(err)
	}
	last := mustAppend(t, s, kept, eventstore.Exact(0), event("case.Noted.v1"))

	filters := map[string]eventstore.Filter{
		"empty filter":         {},
		"stream prefix filter": {StreamPrefixes: []string{prefix}},
	}
	for name, f := range filters {
		t.Run("ReadAll with the "+name, func(t *testing.T) {
			evs, err := s.ReadAll(ctx, eventstore.Position{}, f, 0)
			if err != nil {
				t.Fatal(err)
			}
			wantNoSystem(t, evs)
		})
		t.Run("Subscribe with the "+name, func(t *testing.T) {
			wantNoSystem(t, recvUntilCaughtUp(t, mustSubscribe(t, s, eventstore.Position{}, f)))
		})
	}
	t.Run("Head skips system events", func(t *testing.T) {
		if _, err := raw.TombstoneStream(ctx, prefix+"case-3", es.TombstoneStreamOptions{ExpectedRevision: es.Any{}}); err != nil {
			t.Fatal(err)
		}
		head, err := s.Head(ctx)
		// On a shared server (ESDB_URL) other tests may append after us.
		if err != nil || head.Compare(last.Position) < 0 || (os.Getenv("ESDB_URL") == "" && head != last.Position) {
			t.Fatalf("head %v, %v; want the last product event %v", head, err, last.Position)
		}
	})
	t.Run("a tombstoned stream reads as deleted", func(t *testing.T) {
		if _, err := s.ReadStream(ctx, doomed, 0, 0); !errors.Is(err, eventstore.ErrStreamDeleted) {
			t.Fatalf("got %v; want ErrStreamDeleted", err)
		}
	})
}

func wantNoSystem(t *testing.T, evs []eventstore.RecordedEvent) {
	t.Helper()
	for _, e := range evs {
		if strings.HasPrefix(e.Stream, "$") || strings.HasPrefix(e.Type, "$") {
			t.Fatalf("system event %s in %s delivered", e.Type, e.Stream)
		}
	}
}

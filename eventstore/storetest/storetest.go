// Package storetest is the conformance suite of the eventstore.Store port: every adapter runs
// it, so the product behaves the same on each. It imports no adapter.
package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

// recvTimeout only stops a broken adapter from hanging the suite; no test measures time.
const recvTimeout = 30 * time.Second

// Run checks that the stores made by newStore behave as the port promises. newStore is called
// once per subtest and registers the store's cleanup; it may return stores sharing one log,
// since every subtest writes only streams under a prefix of its own and filters by it.
func Run(t *testing.T, newStore func(t *testing.T) eventstore.Store) {
	groups := []struct {
		name  string
		tests []test
	}{
		{"Append", appendTests},
		{"ReadStream", readStreamTests},
		{"ReadAll", readAllTests},
		{"Subscribe", subscribeTests},
		{"Concurrency", concurrencyTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tt := range g.tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.run(t, newScope(newStore(t)))
				})
			}
		})
	}
}

type test struct {
	name string
	run  func(t *testing.T, s *scope)
}

// scope is one subtest's corner of the store: its streams all start with prefix.
type scope struct {
	store  eventstore.Store
	prefix string
}

func newScope(store eventstore.Store) *scope {
	return &scope{store: store, prefix: "st" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]}
}

// stream names a new stream of this scope in the "category-id" shape.
func (s *scope) stream(category string) string {
	return s.prefix + category + "-" + uuid.NewString()
}

// filter selects this scope's streams of the given categories, or all of them.
func (s *scope) filter(categories ...string) eventstore.Filter {
	if len(categories) == 0 {
		return eventstore.Filter{StreamPrefixes: []string{s.prefix}}
	}
	var f eventstore.Filter
	for _, c := range categories {
		f.StreamPrefixes = append(f.StreamPrefixes, s.prefix+c)
	}
	return f
}

// newEvent is an event of type typ with a unique id, a payload naming n and full metadata.
func newEvent(typ string, n int) eventstore.EventData {
	// Keys out of order and spaces: a store hands the payload back byte for byte, as written.
	data := fmt.Appendf(nil, `{"note": "سلام", "n": %d, "nested": {"ok": true, "list": [1, 2, 3]}}`, n)
	return eventstore.EventData{
		ID:   uuid.New(),
		Type: typ,
		Data: data,
		Metadata: eventstore.Metadata{
			ActorID:       "actor-" + fmt.Sprint(n),
			ActorRole:     "clerk",
			CorrelationID: uuid.NewString(),
			CausationID:   uuid.NewString(),
			RequestID:     uuid.NewString(),
		},
	}
}

// newEvents makes count events of type typ.
func newEvents(typ string, count int) []eventstore.EventData {
	evs := make([]eventstore.EventData, count)
	for i := range evs {
		evs[i] = newEvent(typ, i)
	}
	return evs
}

func (s *scope) mustAppend(t *testing.T, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) eventstore.AppendResult {
	t.Helper()
	res, err := s.store.Append(context.Background(), stream, expected, events...)
	if err != nil {
		t.Fatalf("append %d events to %s at %s: %v", len(events), stream, expected, err)
	}
	return res
}

func (s *scope) mustReadStream(t *testing.T, stream string, from uint64, limit int) []eventstore.RecordedEvent {
	t.Helper()
	evs, err := s.store.ReadStream(context.Background(), stream, from, limit)
	if err != nil {
		t.Fatalf("read %s from %d: %v", stream, from, err)
	}
	return evs
}

func (s *scope) mustReadAll(t *testing.T, after eventstore.Position, f eventstore.Filter, limit int) []eventstore.RecordedEvent {
	t.Helper()
	evs, err := s.store.ReadAll(context.Background(), after, f, limit)
	if err != nil {
		t.Fatalf("read all after %s: %v", after, err)
	}
	return evs
}

func ids(evs []eventstore.RecordedEvent) []uuid.UUID {
	out := make([]uuid.UUID, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func dataIDs(evs []eventstore.EventData) []uuid.UUID {
	out := make([]uuid.UUID, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// wantIDs fails unless got holds exactly the events with ids want, in that order.
func wantIDs(t *testing.T, what string, got []eventstore.RecordedEvent, want []uuid.UUID) {
	t.Helper()
	g := ids(got)
	if len(g) != len(want) {
		t.Fatalf("%s: got %d events %v, want %d %v", what, len(g), g, len(want), want)
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("%s: event %d is %s, want %s (got %v, want %v)", what, i, g[i], want[i], g, want)
		}
	}
}

package esdb_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

// A consumer whose filter matches nothing must still see its position move, or it would
// re-scan the whole log after every restart.
func TestSparseFilterStillAdvancesCheckpoints(t *testing.T) {
	t.Parallel()
	s := MustOpen(t, MustURL(t))
	scope := strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	tests := []struct {
		name   string
		filter eventstore.Filter
	}{
		{"stream prefix", eventstore.Filter{StreamPrefixes: []string{scope + "rare-"}}},
		{"event type prefix", eventstore.Filter{EventTypePrefixes: []string{scope + ".Rare"}}},
		{"stream and event type prefixes", eventstore.Filter{StreamPrefixes: []string{scope + "rare-"}, EventTypePrefixes: []string{"x"}}},
	}
	subs := make([]eventstore.Subscription, len(tests))
	for i, tt := range tests {
		subs[i] = mustSubscribe(t, s, eventstore.Position{}, tt.filter)
		recvUntilCaughtUp(t, subs[i])
	}
	// 100 events with the default window of 32 cross at least three checkpoint boundaries,
	// the last one at the 68th event or later.
	positions := make([]eventstore.Position, 100)
	for i := range positions {
		positions[i] = mustAppend(t, s, stream(scope+"noise"), eventstore.NoStream, event(scope+".Noise.v1")).Position
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for {
				msg := recv(t, subs[i])
				if msg.Event != nil {
					t.Fatalf("event %s of %s passed the filter", msg.Event.Type, msg.Event.Stream)
				}
				if msg.Checkpoint != nil && msg.Checkpoint.Compare(positions[67]) >= 0 {
					return
				}
			}
		})
	}
}

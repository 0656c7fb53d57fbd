package postgres_test

import (
	"context"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// The projector's status and rebuild progress count through this capability.
var _ projector.Counter = (*postgres.Store)(nil)

func TestCountAfterCountsWhatReadAllReturns(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t, mustMigratedPool(t))
	var first eventstore.Position
	for i, stream := range []string{"case-a", "case-b", "inquiry-c"} {
		res, err := store.Append(ctx, stream, eventstore.NoStream, newEvent(), newEvent())
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.Position
		}
	}
	other := newEvent()
	other.Type = "other.Happened.v1"
	if _, err := store.Append(ctx, "case-a", eventstore.Exact(1), other); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		after  eventstore.Position
		filter eventstore.Filter
		want   uint64
	}{
		{"everything from the start", eventstore.Position{}, eventstore.Filter{}, 7},
		{"after a position", first, eventstore.Filter{}, 5},
		{"by stream prefix", eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"case-"}}, 5},
		{"by type prefix after a position", first, eventstore.Filter{EventTypePrefixes: []string{"test."}}, 4},
		{"nothing matches", eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"permit-"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := store.CountAfter(ctx, tt.after, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			read, err := store.ReadAll(ctx, tt.after, tt.filter, 100)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || int(got) != len(read) {
				t.Errorf("CountAfter = %d, ReadAll returned %d, want %d", got, len(read), tt.want)
			}
		})
	}
}

package caseevent_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// TestDecodeMatchesTheDomain: the read models decode with a faster JSON decoder than the
// domain's encoding/json; every event of a seeded city must come out the same.
func TestDecodeMatchesTheDomain(t *testing.T) {
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: 600, Seed: 9, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := cases.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := caseevent.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, stream := range hist.Streams() {
		for _, rec := range hist.Stream(stream) {
			want, err := reg.Decode(rec.Type, rec.Data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dec.Decode(rec)
			if err != nil {
				t.Fatalf("%s revision %d: %v", stream, rec.Revision, err)
			}
			if !reflect.DeepEqual(got.Event, want) {
				t.Fatalf("%s revision %d (%s): decoded\n%+v\nthe domain decodes\n%+v", stream, rec.Revision, rec.Type, got.Event, want)
			}
			types[rec.Type] = true
		}
	}
	t.Logf("%d event types compared", len(types))
}

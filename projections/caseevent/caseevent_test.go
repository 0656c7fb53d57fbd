package caseevent_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
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

// TestStarted: only a case whose own stream's first event is in the batch counts as started;
// a later part of a case's stream, or the first event of a plot-hold stream, does not.
func TestStarted(t *testing.T) {
	hist, _, err := demo.Generate(context.Background(), demo.Options{Cases: 200, Seed: 4, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := caseevent.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var whole, tail, plot []eventstore.RecordedEvent
	for _, stream := range hist.Streams() {
		events := hist.Stream(stream)
		switch {
		case strings.HasPrefix(stream, cases.PlotStreamPrefix) && plot == nil:
			plot = events[:1]
		case strings.HasPrefix(stream, cases.StreamPrefix) && len(events) > 2 && whole == nil:
			whole = events
		case strings.HasPrefix(stream, cases.StreamPrefix) && len(events) > 2 && tail == nil:
			tail = events[1:]
		}
	}
	if whole == nil || tail == nil || plot == nil {
		t.Fatal("the seeded city lacks a case stream or a plot-hold stream to test with")
	}
	b, err := dec.DecodeBatch(slices.Concat(plot, tail, whole))
	if err != nil {
		t.Fatal(err)
	}
	first, err := dec.Decode(whole[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Started(); len(got) != 1 || !got[first.CaseID] {
		t.Errorf("Started() = %v, want only %v", got, first.CaseID)
	}
}

package caseevent_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain"
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
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := caseevent.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, stream := range hist.Streams() {
		if strings.HasPrefix(stream, commands.TrackingStreamPrefix) {
			continue // tracking-number counters: no case event, no read model reads them
		}
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
// newCity is a seeded city of n cases and a decoder for its events.
func newCity(t *testing.T, n int) (*demo.History, *caseevent.Decoder) {
	t.Helper()
	hist, _, err := demo.Generate(context.Background(), demo.Options{Cases: n, Seed: 4, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := caseevent.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	return hist, dec
}

func TestStarted(t *testing.T) {
	hist, dec := newCity(t, 200)
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

// TestOnly keeps the events a read model acts on, each with its own record.
func TestOnly(t *testing.T) {
	hist, dec := newCity(t, 20)
	var all []eventstore.RecordedEvent
	for _, stream := range hist.Streams() {
		all = append(all, hist.Stream(stream)...)
	}
	b, err := dec.DecodeBatch(all)
	if err != nil {
		t.Fatal(err)
	}
	submitted := func(ev domain.Event) bool { _, ok := ev.(*cases.Submitted); return ok }
	kept := b.Only(submitted)
	if len(kept.Events) == 0 || len(kept.Events) >= len(b.Events) || kept.Unknown != b.Unknown {
		t.Fatalf("kept %d of %d events (unknown %d of %d); want the submissions only", len(kept.Events), len(b.Events), kept.Unknown, b.Unknown)
	}
	for i, e := range kept.Events {
		if !submitted(e.Event) || kept.Records[i].Type != e.EventType() || kept.Records[i].Revision != uint64(e.Revision) {
			t.Errorf("kept event %d: %s at revision %d with record %s at %d", i, e.EventType(), e.Revision, kept.Records[i].Type, kept.Records[i].Revision)
		}
	}
}

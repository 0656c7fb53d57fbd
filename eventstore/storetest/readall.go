package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

var readAllTests = []test{
	{"reads strictly after a position in global order", func(t *testing.T, s *scope) {
		events := s.appendSpread(t)
		all := s.mustReadAll(t, eventstore.Position{}, s.filter(), 0)
		wantIDs(t, "from the start", all, dataIDs(events))
		for i := 1; i < len(all); i++ {
			if all[i-1].Position.Compare(all[i].Position) >= 0 {
				t.Fatalf("positions not increasing: %s then %s", all[i-1].Position, all[i].Position)
			}
		}
		rest := s.mustReadAll(t, all[1].Position, s.filter(), 0)
		wantIDs(t, "after the second event", rest, dataIDs(events[2:]))
		none := s.mustReadAll(t, all[len(all)-1].Position, s.filter(), 0)
		wantIDs(t, "after the last event", none, nil)
	}},
	{"filters by stream and event-type prefixes", func(t *testing.T, s *scope) {
		events := s.appendSpread(t) // case: Opened, Noted; permit: Opened, Noted; inquiry: Opened
		tests := []struct {
			name   string
			filter eventstore.Filter
			want   []int
		}{
			{"one stream prefix", s.filter("case"), []int{0, 1}},
			{"any of two stream prefixes", s.filter("case", "inquiry"), []int{0, 1, 4}},
			{"event type", eventstore.Filter{StreamPrefixes: []string{s.prefix}, EventTypePrefixes: []string{"storetest.Noted"}}, []int{1, 3}},
			{"stream and type", eventstore.Filter{StreamPrefixes: []string{s.prefix + "permit"}, EventTypePrefixes: []string{"storetest.Opened"}}, []int{2}},
			{"any of two types", eventstore.Filter{StreamPrefixes: []string{s.prefix}, EventTypePrefixes: []string{"storetest.Noted", "storetest.Op"}}, []int{0, 1, 2, 3, 4}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := s.mustReadAll(t, eventstore.Position{}, tt.filter, 0)
				wantIDs(t, "filtered", got, pick(events, tt.want))
			})
		}
	}},
	{"gives each event its own metadata", func(t *testing.T, s *scope) {
		// Fields one event has and the next lacks must not carry over from row to row.
		copied := time.Date(2025, 3, 21, 8, 30, 0, 0, time.UTC)
		full, bare := newEvent("storetest.Opened.v1", 0), newEvent("storetest.Noted.v1", 1)
		full.Metadata.FirstRecordedAt = &copied
		bare.Metadata = eventstore.Metadata{ActorID: "actor-1"}
		s.mustAppend(t, s.stream("case"), eventstore.NoStream, full, bare)
		got := s.mustReadAll(t, eventstore.Position{}, s.filter(), 0)
		if len(got) != 2 {
			t.Fatalf("read %d events, want 2", len(got))
		}
		if !reflect.DeepEqual(got[0].Metadata, full.Metadata) || !got[0].RecordedAt.Equal(copied) {
			t.Errorf("first event: metadata %+v recorded %s, want %+v recorded %s", got[0].Metadata, got[0].RecordedAt, full.Metadata, copied)
		}
		if !reflect.DeepEqual(got[1].Metadata, bare.Metadata) || got[1].RecordedAt.Equal(copied) {
			t.Errorf("second event: metadata %+v recorded %s, want %+v with the store's time", got[1].Metadata, got[1].RecordedAt, bare.Metadata)
		}
	}},
	{"respects the limit", func(t *testing.T, s *scope) {
		events := s.appendSpread(t)
		first := s.mustReadAll(t, eventstore.Position{}, s.filter(), 2)
		wantIDs(t, "first page", first, dataIDs(events[:2]))
		next := s.mustReadAll(t, first[1].Position, s.filter(), 2)
		wantIDs(t, "second page", next, dataIDs(events[2:4]))
	}},
	{"reports the head of the log", func(t *testing.T, s *scope) {
		res := s.mustAppend(t, s.stream("case"), eventstore.NoStream, newEvent("storetest.Opened.v1", 0))
		head := s.mustHead(t)
		if head.Compare(res.Position) < 0 {
			t.Fatalf("head %s is before the append at %s", head, res.Position)
		}
		later := s.mustAppend(t, s.stream("case"), eventstore.NoStream, newEvent("storetest.Opened.v1", 1))
		if head := s.mustHead(t); head.Compare(later.Position) < 0 {
			t.Fatalf("head %s is before the later append at %s", head, later.Position)
		}
	}},
}

// appendSpread writes five events over three categories, one append each, and returns them in
// the order written: case Opened, case Noted, permit Opened, permit Noted, inquiry Opened.
func (s *scope) appendSpread(t *testing.T) []eventstore.EventData {
	t.Helper()
	caseStream, permit, inquiry := s.stream("case"), s.stream("permit"), s.stream("inquiry")
	plan := []struct {
		stream   string
		expected eventstore.ExpectedRevision
		event    eventstore.EventData
	}{
		{caseStream, eventstore.NoStream, newEvent("storetest.Opened.v1", 0)},
		{caseStream, eventstore.Exact(0), newEvent("storetest.Noted.v1", 1)},
		{permit, eventstore.NoStream, newEvent("storetest.Opened.v1", 2)},
		{permit, eventstore.Exact(0), newEvent("storetest.Noted.v1", 3)},
		{inquiry, eventstore.NoStream, newEvent("storetest.Opened.v1", 4)},
	}
	out := make([]eventstore.EventData, len(plan))
	for i, p := range plan {
		s.mustAppend(t, p.stream, p.expected, p.event)
		out[i] = p.event
	}
	return out
}

func pick(events []eventstore.EventData, indexes []int) []uuid.UUID {
	out := make([]uuid.UUID, len(indexes))
	for i, j := range indexes {
		out[i] = events[j].ID
	}
	return out
}

func (s *scope) mustHead(t *testing.T) eventstore.Position {
	t.Helper()
	head, err := s.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return head
}

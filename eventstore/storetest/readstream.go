package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

var readStreamTests = []test{
	{"keeps the first recorded time of a copied event", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		first := time.Date(2025, 3, 20, 6, 30, 0, 0, time.UTC)
		copied := newEvent("storetest.Copied.v1", 0)
		copied.Metadata.FirstRecordedAt = &first
		s.mustAppend(t, stream, eventstore.NoStream, copied, newEvent("storetest.Noted.v1", 1))
		got, err := s.store.ReadStream(context.Background(), stream, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !got[0].RecordedAt.Equal(first) || got[0].Metadata.FirstRecordedAt == nil {
			t.Fatalf("copied event recorded at %v (metadata %v), want %v", got[0].RecordedAt, got[0].Metadata.FirstRecordedAt, first)
		}
		if got[1].RecordedAt.Before(time.Now().Add(-time.Hour)) {
			t.Fatalf("a fresh event got recorded time %v", got[1].RecordedAt)
		}
	}},
	{"reads from a revision with limits", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		events := newEvents("storetest.Noted.v1", 5)
		s.mustAppend(t, stream, eventstore.NoStream, events...)
		all := dataIDs(events)
		tests := []struct {
			name  string
			from  uint64
			limit int
			want  []int
		}{
			{"everything", 0, 0, []int{0, 1, 2, 3, 4}},
			{"from the middle", 2, 0, []int{2, 3, 4}},
			{"limited", 1, 2, []int{1, 2}},
			{"limit beyond the end", 3, 10, []int{3, 4}},
			{"past the end", 5, 0, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := s.mustReadStream(t, stream, tt.from, tt.limit)
				want := make([]uuid.UUID, 0, len(tt.want))
				for _, i := range tt.want {
					want = append(want, all[i])
				}
				wantIDs(t, "read", got, want)
				for i, e := range got {
					if e.Revision != tt.from+uint64(i) {
						t.Fatalf("event %d has revision %d, want %d", i, e.Revision, tt.from+uint64(i))
					}
				}
			})
		}
	}},
	{"answers StreamNotFoundError for a missing stream", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		_, err := s.store.ReadStream(context.Background(), stream, 0, 0)
		var nf *eventstore.StreamNotFoundError
		if !errors.As(err, &nf) || nf.Stream != stream || !errors.Is(err, eventstore.ErrStreamNotFound) {
			t.Fatalf("error = %v, want *StreamNotFoundError for %s", err, stream)
		}
	}},
	{"round-trips the envelope", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		before := time.Now()
		events := newEvents("storetest.Opened.v1", 2)
		res := s.mustAppend(t, stream, eventstore.NoStream, events...)
		after := time.Now()
		got := s.mustReadStream(t, stream, 0, 0)
		all := s.mustReadAll(t, eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{stream}}, 0)
		for _, read := range [][]eventstore.RecordedEvent{got, all} {
			wantIDs(t, "read back", read, dataIDs(events))
			for i, e := range read {
				wantEnvelope(t, e, stream, uint64(i), events[i], before, after)
			}
			if read[1].Position != res.Position {
				t.Fatalf("last event at %s, append answered %s", read[1].Position, res.Position)
			}
			if read[0].Position.Compare(read[1].Position) >= 0 {
				t.Fatalf("positions %s, %s not increasing", read[0].Position, read[1].Position)
			}
		}
	}},
}

// wantEnvelope fails unless e is event want stored at stream/revision between before and after.
func wantEnvelope(t *testing.T, e eventstore.RecordedEvent, stream string, revision uint64, want eventstore.EventData, before, after time.Time) {
	t.Helper()
	if e.ID != want.ID || e.Stream != stream || e.Revision != revision || e.Type != want.Type {
		t.Fatalf("envelope {%s %s %d %s}, want {%s %s %d %s}", e.ID, e.Stream, e.Revision, e.Type, want.ID, stream, revision, want.Type)
	}
	if !bytes.Equal(e.Data, want.Data) {
		t.Fatalf("data %s, want %s", e.Data, want.Data)
	}
	if e.Metadata != want.Metadata {
		t.Fatalf("metadata %+v, want %+v", e.Metadata, want.Metadata)
	}
	// A generous window: store clocks may differ a little from the test's.
	if e.RecordedAt.Before(before.Add(-time.Minute)) || e.RecordedAt.After(after.Add(time.Minute)) {
		t.Fatalf("recorded at %s, outside the append's [%s, %s]", e.RecordedAt, before, after)
	}
}

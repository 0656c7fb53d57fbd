package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

var appendTests = []test{
	{"appends to a new stream with NoStream", func(t *testing.T, s *scope) {
		one := s.mustAppend(t, s.stream("case"), eventstore.NoStream, newEvent("storetest.Opened.v1", 0))
		if one.LastRevision != 0 {
			t.Fatalf("first event's revision = %d, want 0", one.LastRevision)
		}
		three := s.mustAppend(t, s.stream("case"), eventstore.NoStream, newEvents("storetest.Opened.v1", 3)...)
		if three.LastRevision != 2 {
			t.Fatalf("three events end at revision %d, want 2", three.LastRevision)
		}
	}},
	{"appends at exact 0-based revisions", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		s.mustAppend(t, stream, eventstore.NoStream, newEvents("storetest.Opened.v1", 2)...)
		res := s.mustAppend(t, stream, eventstore.Exact(1), newEvent("storetest.Noted.v1", 2))
		if res.LastRevision != 2 {
			t.Fatalf("revision = %d, want 2", res.LastRevision)
		}
		res = s.mustAppend(t, stream, eventstore.Exact(2), newEvents("storetest.Noted.v1", 2)...)
		if res.LastRevision != 4 {
			t.Fatalf("revision = %d, want 4", res.LastRevision)
		}
	}},
	{"appends with Any to new and existing streams", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		if res := s.mustAppend(t, stream, eventstore.Any, newEvent("storetest.Opened.v1", 0)); res.LastRevision != 0 {
			t.Fatalf("revision = %d, want 0", res.LastRevision)
		}
		if res := s.mustAppend(t, stream, eventstore.Any, newEvent("storetest.Noted.v1", 1)); res.LastRevision != 1 {
			t.Fatalf("revision = %d, want 1", res.LastRevision)
		}
	}},
	{"moves the position forward with every append", func(t *testing.T, s *scope) {
		first := s.mustAppend(t, s.stream("case"), eventstore.NoStream, newEvent("storetest.Opened.v1", 0))
		second := s.mustAppend(t, s.stream("case"), eventstore.NoStream, newEvent("storetest.Opened.v1", 1))
		if second.Position.Compare(first.Position) <= 0 {
			t.Fatalf("later append at %s, not after %s", second.Position, first.Position)
		}
	}},
	{"rejects a wrong expected revision with expected and actual", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		s.mustAppend(t, stream, eventstore.NoStream, newEvents("storetest.Opened.v1", 2)...)
		missing := s.stream("case")
		tests := []struct {
			name     string
			stream   string
			expected eventstore.ExpectedRevision
			actual   int64
		}{
			{"revision behind", stream, eventstore.Exact(0), 1},
			{"revision ahead", stream, eventstore.Exact(5), 1},
			{"NoStream on an existing stream", stream, eventstore.NoStream, 1},
			{"exact revision on a missing stream", missing, eventstore.Exact(0), -1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.store.Append(context.Background(), tt.stream, tt.expected, newEvent("storetest.Noted.v1", 9))
				wantConflict(t, err, tt.stream, tt.expected, tt.actual)
			})
		}
		if got := s.mustReadStream(t, stream, 0, 0); len(got) != 2 {
			t.Fatalf("rejected appends wrote events: stream has %d, want 2", len(got))
		}
		if _, err := s.store.ReadStream(context.Background(), missing, 0, 0); !errors.Is(err, eventstore.ErrStreamNotFound) {
			t.Fatalf("a rejected append created %s: read error %v", missing, err)
		}
	}},
	{"retries idempotently", func(t *testing.T, s *scope) {
		tests := []struct {
			name     string
			before   int // events already in the stream
			expected eventstore.ExpectedRevision
			count    int
		}{
			{"one event with NoStream", 0, eventstore.NoStream, 1},
			{"three events with NoStream", 0, eventstore.NoStream, 3},
			{"one event at an exact revision", 2, eventstore.Exact(1), 1},
			{"three events at an exact revision", 2, eventstore.Exact(1), 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				stream := s.stream("case")
				if tt.before > 0 {
					s.mustAppend(t, stream, eventstore.NoStream, newEvents("storetest.Opened.v1", tt.before)...)
				}
				events := newEvents("storetest.Noted.v1", tt.count)
				first := s.mustAppend(t, stream, tt.expected, events...)
				again := s.mustAppend(t, stream, tt.expected, events...)
				if again != first {
					t.Fatalf("retry answered %+v, the first append %+v", again, first)
				}
				got := s.mustReadStream(t, stream, uint64(tt.before), 0)
				wantIDs(t, "stream after retry", got, dataIDs(events))
			})
		}
	}},
}

// wantConflict fails unless err is a *ConflictError for stream with the given details.
func wantConflict(t *testing.T, err error, stream string, expected eventstore.ExpectedRevision, actual int64) {
	t.Helper()
	if !errors.Is(err, eventstore.ErrConflict) {
		t.Fatalf("error %v does not match ErrConflict", err)
	}
	var ce *eventstore.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *ConflictError", err)
	}
	if ce.Stream != stream || ce.Expected != expected || ce.Actual != actual {
		t.Fatalf("conflict = {%s, expected %s, actual %d}, want {%s, expected %s, actual %d}",
			ce.Stream, ce.Expected, ce.Actual, stream, expected, actual)
	}
}

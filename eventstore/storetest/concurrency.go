package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

const (
	writers = 20
	rounds  = 5
)

var concurrencyTests = []test{
	{"lets exactly one of many writers win each revision", func(t *testing.T, s *scope) {
		stream := s.stream("case")
		s.mustAppend(t, stream, eventstore.NoStream, newEvent("storetest.Opened.v1", 0))
		winners := make([]uuid.UUID, 0, rounds)
		for round := range uint64(rounds) {
			winners = append(winners, race(t, s, stream, round))
		}
		got := s.mustReadStream(t, stream, 1, 0)
		wantIDs(t, "stream after the races", got, winners)
	}},
	{"gives each of many concurrent appends its own outcome", func(t *testing.T, s *scope) {
		// Writers at once, each on a stream of its own: a right revision, a wrong one, or a retry
		// of an append already made. A store that writes concurrent appends together (group
		// commit) must still answer each as if it had been alone.
		type writer struct {
			stream string
			kind   int // 0: right revision, 1: wrong revision, 2: retry
			events []eventstore.EventData
			before eventstore.AppendResult
		}
		ws := make([]writer, writers)
		for i := range ws {
			w := &ws[i]
			w.stream, w.kind = s.stream("case"), i%3
			s.mustAppend(t, w.stream, eventstore.NoStream, newEvent("storetest.Opened.v1", i))
			w.events = newEvents("storetest.Noted.v1", 1+i%2)
			if w.kind == 2 {
				w.before = s.mustAppend(t, w.stream, eventstore.Exact(0), w.events...)
			}
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range ws {
			w := &ws[i]
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				expected := eventstore.Exact(0)
				if w.kind == 1 {
					expected = eventstore.Exact(3)
				}
				res, err := s.store.Append(context.Background(), w.stream, expected, w.events...)
				switch {
				case w.kind == 1 && !errors.Is(err, eventstore.ErrConflict):
					t.Errorf("%s: wrong revision answered %v, want a conflict", w.stream, err)
				case w.kind == 2 && (err != nil || res != w.before):
					t.Errorf("%s: retry answered %+v, %v; want the original %+v", w.stream, res, err, w.before)
				case w.kind == 0 && (err != nil || res.LastRevision != uint64(len(w.events))):
					t.Errorf("%s: append answered %+v, %v; want revision %d", w.stream, res, err, len(w.events))
				}
			}()
		}
		close(start)
		wg.Wait()
		for _, w := range ws {
			want := 1 + len(w.events)
			if w.kind == 1 {
				want = 1
			}
			if got := s.mustReadStream(t, w.stream, 0, 0); len(got) != want {
				t.Fatalf("%s holds %d events, want %d", w.stream, len(got), want)
			}
		}
	}},
}

// race has writers append at once at expected revision round and returns the winner's event id.
func race(t *testing.T, s *scope, stream string, round uint64) uuid.UUID {
	t.Helper()
	type outcome struct {
		id  uuid.UUID
		res eventstore.AppendResult
		err error
	}
	outcomes := make(chan outcome, writers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			event := newEvent("storetest.Noted.v1", i)
			<-start
			res, err := s.store.Append(context.Background(), stream, eventstore.Exact(round), event)
			outcomes <- outcome{event.ID, res, err}
		}()
	}
	close(start)
	wg.Wait()
	close(outcomes)
	var winner uuid.UUID
	wins := 0
	for o := range outcomes {
		switch {
		case o.err == nil:
			wins++
			winner = o.id
			if o.res.LastRevision != round+1 {
				t.Fatalf("round %d: winner landed at revision %d", round, o.res.LastRevision)
			}
		case !errors.Is(o.err, eventstore.ErrConflict):
			t.Fatalf("round %d: loser failed with %v, want a conflict", round, o.err)
		}
	}
	if wins != 1 {
		t.Fatalf("round %d: %d writers won, want exactly 1", round, wins)
	}
	return winner
}

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

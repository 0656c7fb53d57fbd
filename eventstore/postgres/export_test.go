package postgres

import (
	"context"
	"runtime"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// AppendInTx runs an append inside tx, which the test commits when it chooses: the seam for
// holding an append's transaction open while others commit.
func AppendInTx(ctx context.Context, tx pgx.Tx, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	p, err := newPending(ctx, stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	writeBatch(ctx, tx, []*pending{p})
	return p.res, p.err
}

// Read queries and sample arguments, for checking their plans.
var (
	PageSQL     = pageSQL
	ScanBegin   = scanBegin
	SafeHeadSQL = safeHeadSQL
	HeadSQL     = headSQL
	CountSQL    = countSQL
	PageArgs    = append(afterArgs(eventstore.Position{Commit: 1}, eventstore.Filter{StreamPrefixes: []string{"case-"}}), 500)
	CountArgs   = afterArgs(eventstore.Position{Commit: 1}, eventstore.Filter{})
)

// HoldWrites waits for s to finish what it is writing and takes every write slot, so
// appends made meanwhile wait in its queue, and
// returns how many wait and a function that frees the slots: the appends waiting then go out
// together, as one batch when their streams differ and their events fit one.
func HoldWrites(s *Store) (waiting func() int, release func()) {
	c := s.committer
	for {
		c.mu.Lock()
		idle := c.inFlight == 0
		if idle {
			c.inFlight = c.maxBatches
		}
		c.mu.Unlock()
		if idle {
			break
		}
		runtime.Gosched()
	}
	return func() int { return Waiting(s) }, func() {
		for range c.maxBatches {
			if b := c.next(nil); len(b) > 0 {
				go c.run(b)
			}
		}
	}
}

// Waiting is how many appends wait in s's queue.
func Waiting(s *Store) int {
	c := s.committer
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}

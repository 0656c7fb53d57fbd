package postgres

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/eventstore"
)

// maxBatchEvents bounds one statement, so a burst of appends cannot make one huge transaction;
// an append larger than that goes alone, as several statements (writeLarge).
const maxBatchEvents = 1000

// committer is group commit: concurrent appends that are already waiting share one statement,
// one transaction and one WAL flush, while each keeps its own outcome (appendSQL).
//
// At most maxBatches statements are in flight. An append that finds one of them free goes out
// at once, alone, so a single writer pays no added latency; otherwise it waits in the queue,
// and the writer that finishes next takes everything queued as its next batch. An append to
// a stream that a batch in flight is writing goes out at once on its own, as every append did
// before group commit: it waits in the stream's unique index for that batch to commit and
// then learns its fate together with every other writer of the stream. In a batch it would
// fail the whole statement; queued behind the batch, the writers of a hot stream learnt they
// had lost one batch after the other, and optimistic retry loops ran out of attempts.
type committer struct {
	pool       *pgxpool.Pool
	maxBatches int
	written    func() // after each batch: wake subscribers

	mu       sync.Mutex
	inFlight int
	queue    []*pending
	busy     map[string]bool // streams in a batch in flight
}

func newCommitter(pool *pgxpool.Pool, maxBatches int, written func()) *committer {
	return &committer{pool: pool, maxBatches: maxBatches, written: written, busy: map[string]bool{}}
}

// append writes p, alone or in a batch, and returns its outcome.
func (c *committer) append(p *pending) (eventstore.AppendResult, error) {
	c.mu.Lock()
	if c.busy[p.stream] {
		c.mu.Unlock()
		c.write(p.ctx, []*pending{p})
		return p.res, p.err
	}
	if c.inFlight < c.maxBatches {
		c.inFlight++
		c.busy[p.stream] = true
		c.mu.Unlock()
		c.write(p.ctx, []*pending{p})
		if next := c.next([]*pending{p}); len(next) > 0 {
			go c.run(next) // the caller has its answer; the queue needs no more of its time
		}
		return p.res, p.err
	}
	c.queue = append(c.queue, p)
	c.mu.Unlock()
	select {
	case <-p.done:
	case <-p.ctx.Done():
		if c.withdraw(p) {
			return eventstore.AppendResult{}, p.ctx.Err()
		}
		<-p.done // in a batch already, which ends soon once every caller in it has gone
	}
	return p.res, p.err
}

// run writes batches until the queue has nothing left for it.
func (c *committer) run(b []*pending) {
	for len(b) > 0 {
		ctx, release := batchContext(b)
		c.write(ctx, b)
		release()
		b = c.next(b)
	}
}

func (c *committer) write(ctx context.Context, b []*pending) {
	writeBatch(ctx, c.pool, b)
	c.written()
}

// next ends the batch just written and takes the following one from the queue, keeping the
// slot if there is one; appends whose callers have gone are dropped unwritten.
func (c *committer) next(written []*pending) []*pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range written {
		delete(c.busy, p.stream)
	}
	var b []*pending
	events := 0
	rest := c.queue[:0]
	for _, p := range c.queue {
		switch {
		case p.ctx.Err() != nil:
			p.finish(eventstore.AppendResult{}, p.ctx.Err())
		case c.busy[p.stream]:
			go c.write(p.ctx, []*pending{p}) // alone, as in append
		case events > 0 && events+len(p.events) > maxBatchEvents:
			rest = append(rest, p)
		default:
			c.busy[p.stream] = true
			events += len(p.events)
			b = append(b, p)
		}
	}
	clear(c.queue[len(rest):])
	c.queue = rest
	if len(b) == 0 {
		c.inFlight--
	}
	return b
}

// withdraw takes p out of the queue if it is still there.
func (c *committer) withdraw(p *pending) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, q := range c.queue {
		if q == p {
			c.queue = append(c.queue[:i], c.queue[i+1:]...)
			return true
		}
	}
	return false
}

// batchContext lasts while any caller in b still waits: the statement is abandoned only when
// nobody wants its answer. A single caller's own context serves as it is.
func batchContext(b []*pending) (context.Context, func()) {
	if len(b) == 1 {
		return b[0].ctx, func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var waiting atomic.Int64
	waiting.Store(int64(len(b)))
	stops := make([]func() bool, len(b))
	for i, p := range b {
		stops[i] = context.AfterFunc(p.ctx, func() {
			if waiting.Add(-1) == 0 {
				cancel()
			}
		})
	}
	return ctx, func() {
		for _, stop := range stops {
			stop()
		}
		cancel()
	}
}

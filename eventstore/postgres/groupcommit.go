package postgres

import (
	"context"
	"slices"
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
// An append that finds no statement in flight goes out at once, so a single writer pays no
// added latency. Otherwise it waits in the queue, and the writer that finishes next takes
// everything queued as its next batch. A further statement (at most maxBatches in flight)
// starts only once the queue holds a fair share of the writers: those in flight, those
// waiting and those whose batch just ended (they are likely to append again), divided among
// the slots. Its flush then overlaps the other statements' work, yet the batches stay large.
// When a free slot went to whichever append came first, a fifth of the statements at 16
// writers carried one append, batches averaged five, and each append cost the machine a third
// more CPU (docs/BENCHMARKS.md).
//
// An append to a stream that a batch in flight is writing goes out at once on its own, as every
// append did before group commit: it waits in the stream's unique index for that batch to
// commit and then learns its fate together with every other writer of the stream. In a batch it
// would fail the whole statement; queued behind the batch, the writers of a hot stream learnt
// they had lost one batch after the other, and optimistic retry loops ran out of attempts.
type committer struct {
	pool       *pgxpool.Pool
	maxBatches int
	written    func() // after each batch: wake subscribers

	statements, appends atomic.Uint64 // written so far, for the mean batch (Store.Collect)

	mu       sync.Mutex
	inFlight int // batches in flight
	carried  int // appends in them
	want     int // appends to wait for before a further batch starts
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
		c.write([]*pending{p})
		return p.res, p.err
	}
	c.queue = append(c.queue, p)
	var b []*pending
	if c.due() {
		b = c.take()
	}
	c.mu.Unlock()
	if slices.Contains(b, p) {
		c.write(b)
		if next := c.next(b); len(next) > 0 {
			go c.run(next) // the caller has its answer; the queue needs no more of its time
		}
		return p.res, p.err
	}
	if len(b) > 0 {
		go c.run(b)
	}
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
		c.write(b)
		b = c.next(b)
	}
}

// write writes b as one statement, abandoning it only when none of its callers waits any more.
func (c *committer) write(b []*pending) {
	ctx, release := batchContext(b)
	defer release()
	c.statements.Add(1)
	c.appends.Add(uint64(len(b)))
	writeBatch(ctx, c.pool, b)
	c.written()
}

// next ends the batch just written and takes the following one from the queue, keeping the
// slot if there is one.
func (c *committer) next(written []*pending) []*pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range written {
		delete(c.busy, p.stream)
	}
	c.inFlight--
	c.carried -= len(written)
	// Their callers are likely to append again soon: expect them back, and share everyone
	// between the slots.
	c.want = (c.carried + len(c.queue) + len(written) + c.maxBatches - 1) / c.maxBatches
	if !c.due() {
		return nil
	}
	return c.take()
}

// due reports whether the queue should go out now: when nothing else is in flight, or when a
// slot is free and the queue holds its share. Called with mu held.
func (c *committer) due() bool {
	return len(c.queue) > 0 && (c.inFlight == 0 || c.inFlight < c.maxBatches && len(c.queue) >= c.want)
}

// take forms a batch from the queue and counts it in flight; appends whose callers have gone
// are dropped unwritten. Called with mu held.
func (c *committer) take() []*pending {
	var b []*pending
	events := 0
	rest := c.queue[:0]
	for _, p := range c.queue {
		switch {
		case p.ctx.Err() != nil:
			p.finish(eventstore.AppendResult{}, p.ctx.Err())
		case c.busy[p.stream]:
			go c.write([]*pending{p}) // alone, as in append
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
	if len(b) > 0 {
		c.inFlight++
		c.carried += len(b)
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

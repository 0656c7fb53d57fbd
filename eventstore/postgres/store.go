// Package postgres is the embedded default event store: an append-only table in the product's
// own PostgreSQL database, so a deployment needs nothing besides PostgreSQL.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgfault"
	"github.com/shafaf-city/shafaf/eventstore"
)

var _ eventstore.Store = (*Store)(nil)

// Store implements eventstore.Store on a pgx pool that it borrows and does not close.
type Store struct {
	pool         *pgxpool.Pool
	batchSize    int
	pollInterval time.Duration
	maxHold      time.Duration
	writers      int

	ctx       context.Context // ends on Close, and with it every subscription
	cancel    context.CancelFunc
	listener  *listener
	notifier  *notifier
	committer *committer
	closed    sync.Once
}

// Option tunes a Store.
type Option func(*Store)

// WithBatchSize sets how many events ReadAll returns for limit <= 0 and subscriptions fetch
// per query (default 500).
func WithBatchSize(n int) Option { return func(s *Store) { s.batchSize = n } }

// WithPollInterval sets how often idle subscriptions look for events without a notification
// (default 1 s); notifications wake them at once, so this only bounds a lost notification.
func WithPollInterval(d time.Duration) Option { return func(s *Store) { s.pollInterval = d } }

// WithWriters sets how many append statements may be in flight at once; appends beyond them
// wait and then go out together, in one transaction (group commit). The default is the number
// of CPUs (at least 2), and at most half the pool's connections, which leaves the other half
// to readers. Once the cores are busy, another statement in flight only splits the waiting
// appends into smaller batches, each paying a statement and a commit: at 16 writers on a quiet
// 2-core machine, 2 in flight cost 79–83 µs of machine CPU an append, 3 cost 91–100 µs and 9
// cost 135–141 µs (docs/BENCHMARKS.md). A disk whose flushes are slow favours more (each waits on the flush
// without using a core); on the same machine under a load of 22–30, 8 beat 2.
func WithWriters(n int) Option { return func(s *Store) { s.writers = n } }

func defaultWriters(poolSize int) int {
	return max(1, min(poolSize/2, max(2, runtime.GOMAXPROCS(0))))
}

// New opens a store on pool, whose database must have been prepared with Migrate.
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errors.New("eventstore/postgres: nil pool")
	}
	s := &Store{pool: pool, batchSize: 500, pollInterval: time.Second, maxHold: 5 * time.Second,
		writers: defaultWriters(int(pool.Config().MaxConns))}
	for _, o := range opts {
		o(s)
	}
	if s.batchSize <= 0 || s.pollInterval <= 0 || s.writers <= 0 {
		return nil, fmt.Errorf("eventstore/postgres: batch size %d, poll interval %s and writers %d must be positive", s.batchSize, s.pollInterval, s.writers)
	}
	if _, err := pool.Exec(ctx, "SELECT 1 FROM events LIMIT 0"); err != nil {
		return nil, fmt.Errorf("eventstore/postgres: events table missing (run Migrate first): %w", err)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.listener = newListener(s.ctx, pool)
	s.notifier = newNotifier(s.ctx, pool)
	s.committer = newCommitter(pool, s.writers, func() {
		s.listener.broadcast() // this store's subscribers need no round trip
		s.notifier.poke()      // other stores' subscribers do
	})
	return s, nil
}

// headSQL orders by the table's columns, which the index holds (see pageSQL).
const headSQL = "SELECT tx_id, seq FROM events ORDER BY events.tx_id DESC, events.seq DESC LIMIT 1"

// Head is the position of the newest committed event.
func (s *Store) Head(ctx context.Context) (eventstore.Position, error) {
	var p eventstore.Position
	err := s.pool.QueryRow(ctx, headSQL).Scan(&p.Commit, &p.Prepare)
	if isNoRows(err) {
		return eventstore.Position{}, nil
	}
	if err != nil {
		return p, unavailable("head", err)
	}
	return p, nil
}

// Close ends the store's subscriptions, listener and notifier; the pool stays open.
func (s *Store) Close() error {
	s.closed.Do(func() {
		s.cancel()
		s.listener.wait()
		<-s.notifier.done
	})
	return nil
}

// unavailable wraps a database failure so callers can match eventstore.ErrUnavailable, unless
// it is the caller's own context ending while the database answered; a connect that ran out
// of time is the database being unreachable.
func unavailable(op string, err error) error {
	if !pgfault.Unavailable(err) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return fmt.Errorf("eventstore/postgres: %s: %w", op, err)
	}
	return fmt.Errorf("eventstore/postgres: %s: %w: %w", op, eventstore.ErrUnavailable, err)
}

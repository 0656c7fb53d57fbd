package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// notifyGap spaces notifications: each costs the server a small transaction, and under a
// stream of appends one every 10 ms wakes remote subscribers soon enough while leaving the CPU
// to the appends. This store's own subscribers are woken directly, without waiting.
const notifyGap = 10 * time.Millisecond

// notifySQL wakes listeners. synchronous_commit is off because a lost wake-up only costs a
// subscriber one poll interval, and this transaction should not wait for a disk flush.
const notifySQL = "BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_notify('" + channel + "', ''); COMMIT"

// notifier sends NOTIFY after appends commit, at most one per notifyGap, so a burst of
// appends costs one or two notifications. The NOTIFY is not part of the append's transaction on
// purpose: PostgreSQL serialises the commits of all notifying transactions under one lock,
// including their WAL flush, which cut concurrent appends to a tenth (docs/BENCHMARKS.md).
type notifier struct {
	pool    *pgxpool.Pool
	pending chan struct{}
	done    chan struct{}
}

func newNotifier(ctx context.Context, pool *pgxpool.Pool) *notifier {
	n := &notifier{pool: pool, pending: make(chan struct{}, 1), done: make(chan struct{})}
	go n.run(ctx)
	return n
}

// poke asks for a notification; pokes made while one is pending merge into it.
func (n *notifier) poke() {
	select {
	case n.pending <- struct{}{}:
	default:
	}
}

func (n *notifier) run(ctx context.Context) {
	defer close(n.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.pending:
			// A failure is left to the subscribers' poll; there is no one to report it to.
			_, _ = n.pool.Exec(ctx, notifySQL)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(notifyGap):
		}
	}
}

package postgres

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// channel carries the notifications that tell listeners events were appended.
const channel = "eventstore_appended"

// listener keeps one LISTEN connection per store and wakes all of the store's subscriptions,
// so a thousand subscribers cost one connection, not a thousand.
type listener struct {
	ctx   context.Context
	pool  *pgxpool.Pool
	start sync.Once
	done  chan struct{}

	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

func newListener(ctx context.Context, pool *pgxpool.Pool) *listener {
	return &listener{ctx: ctx, pool: pool, done: make(chan struct{}), subs: map[chan struct{}]struct{}{}}
}

// register returns a channel that receives a value after events were appended, and a function
// that stops it. The connection is opened on the first registration.
func (l *listener) register() (<-chan struct{}, func()) {
	wake := make(chan struct{}, 1)
	l.mu.Lock()
	l.subs[wake] = struct{}{}
	l.mu.Unlock()
	l.start.Do(func() { go l.run() })
	return wake, func() {
		l.mu.Lock()
		delete(l.subs, wake)
		l.mu.Unlock()
	}
}

// wait returns once the listener goroutine, if it ever started, has ended with the store.
func (l *listener) wait() {
	started := true
	l.start.Do(func() { started = false; close(l.done) })
	if started {
		<-l.done
	}
}

// run listens until the store closes, reconnecting after failures. Subscriptions poll slowly
// as well, so a lost connection only delays them.
func (l *listener) run() {
	defer close(l.done)
	for l.ctx.Err() == nil {
		l.listen()
		select {
		case <-l.ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (l *listener) listen() {
	conn, err := pgx.ConnectConfig(l.ctx, l.pool.Config().ConnConfig.Copy())
	if err != nil {
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(l.ctx, "LISTEN "+channel); err != nil {
		return
	}
	l.broadcast() // appends made while not listening would otherwise wait for a poll
	for {
		if _, err := conn.WaitForNotification(l.ctx); err != nil {
			return
		}
		l.broadcast()
	}
}

func (l *listener) broadcast() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for wake := range l.subs {
		select {
		case wake <- struct{}{}:
		default: // already woken and not yet awake: one wake-up covers both
		}
	}
}

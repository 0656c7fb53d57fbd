package projector

import (
	"context"
	"go.uber.org/zap"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/eventstore"
)

// notifyChannel carries the name of a projection whose live checkpoint just moved; the batch
// transaction sends it, so it arrives exactly when the move becomes visible.
const notifyChannel = "projector_checkpoint"

func notify(ctx context.Context, tx pgx.Tx, projection string) error {
	_, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", notifyChannel, projection)
	return err
}

// notifier turns checkpoint notifications from any replica into wake-ups for WaitFor. It
// listens on a connection of its own, started by the first waiter.
type notifier struct {
	pool *pgxpool.Pool
	cfg  Config

	mu      sync.Mutex
	changed map[string]chan struct{}       // closed at the next move of that projection
	seen    map[string]eventstore.Position // the newest live checkpoint Position read here
	stop    context.CancelFunc             // nil until the listener starts
	done    chan struct{}
}

func newNotifier(pool *pgxpool.Pool, cfg Config) *notifier {
	return &notifier{pool: pool, cfg: cfg, changed: map[string]chan struct{}{}, seen: map[string]eventstore.Position{}}
}

// next returns a channel closed at the next checkpoint move of projection (or when the listener
// reconnects, since moves may have been missed). Take it before reading the checkpoint.
func (n *notifier) next(projection string) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stop == nil {
		ctx, cancel := context.WithCancel(context.Background())
		n.stop, n.done = cancel, make(chan struct{})
		go n.listen(ctx)
	}
	ch, ok := n.changed[projection]
	if !ok {
		ch = make(chan struct{})
		n.changed[projection] = ch
	}
	return ch
}

// wake closes the channel of one projection, or of all when projection is "".
func (n *notifier) wake(projection string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for name, ch := range n.changed {
		if projection == "" || name == projection {
			close(ch)
			delete(n.changed, name)
		}
	}
}

// saw wakes projection's waiters when pos is beyond every checkpoint read here before. A
// notification is delivered a moment after its commit: a request that read the moved
// checkpoint (WaitFor) must not then be answered from a cache the notification has not
// reached yet.
func (n *notifier) saw(projection string, pos eventstore.Position) {
	n.mu.Lock()
	moved := pos.Compare(n.seen[projection]) > 0
	if moved {
		n.seen[projection] = pos
	}
	n.mu.Unlock()
	if moved {
		n.wake(projection)
	}
}

// listen keeps a LISTEN connection up until ctx ends. Every (re)connection wakes all waiters,
// which then re-read their checkpoints: nothing missed in between goes unseen.
func (n *notifier) listen(ctx context.Context) {
	defer close(n.done)
	for delay := n.cfg.BackoffMin; ; delay = min(2*delay, time.Second) {
		err := n.listenOnce(ctx)
		n.wake("")
		if ctx.Err() != nil {
			return
		}
		n.cfg.Logger.Warn("projector: checkpoint listener down, reconnecting", zap.Error(err))
		sleep(ctx, delay)
	}
}

// listenOnce relays notifications until the connection fails or ctx ends.
func (n *notifier) listenOnce(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, n.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	n.wake("")
	for {
		note, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		n.wake(note.Payload)
	}
}

func (n *notifier) close() {
	n.mu.Lock()
	stop, done := n.stop, n.done
	n.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

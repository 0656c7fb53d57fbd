package projector

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/eventstore"
)

// notifyChannel carries the name of a projection whose live checkpoint just moved.
const notifyChannel = "projector_checkpoint"

// notify announces a move inside the transaction that makes it, for the rare moves that must
// arrive exactly when they become visible (a rebuilt generation going live).
func notify(ctx context.Context, tx pgx.Tx, projection string) error {
	_, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", notifyChannel, projection)
	return err
}

// announceGap spaces the NOTIFYs of batches: the moves of every projection in one gap go out
// together, and other replicas hear of them at most this much later.
const announceGap = 10 * time.Millisecond

// announceSQL notifies of several moves in one statement. Sent as a batch with the
// set_config, it is one implicit transaction, committed without waiting for a WAL flush: a
// lost announcement costs a remote waiter the wait for the next one (see moved).
const announceSQL = "SELECT pg_notify($1, name) FROM unnest($2::text[]) AS name"

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

	unsent     map[string]bool // moves not announced yet
	pokeSender chan struct{}
	stopSender context.CancelFunc // nil until the first move
	senderDone chan struct{}
}

func newNotifier(pool *pgxpool.Pool, cfg Config) *notifier {
	return &notifier{pool: pool, cfg: cfg, changed: map[string]chan struct{}{}, seen: map[string]eventstore.Position{},
		unsent: map[string]bool{}, pokeSender: make(chan struct{}, 1)}
}

// moved tells waiters that projection's live checkpoint moved, once the batch that moved it has
// committed: this instance's at once, other replicas' by a NOTIFY sent after the commit, not
// inside it. PostgreSQL serialises the commits of notifying transactions under one lock that
// is held through their WAL flush, and a NOTIFY in every batch (about 200 batches a second at
// 1,000 requests a second) made the projections' commits queue behind each other. An instance
// that dies between a commit and its announcement leaves remote waiters to the instance that
// takes the projection over, which announces it first (lead).
func (n *notifier) moved(projection string) {
	n.wake(projection)
	n.mu.Lock()
	n.unsent[projection] = true
	if n.stopSender == nil {
		ctx, cancel := context.WithCancel(context.Background())
		n.stopSender, n.senderDone = cancel, make(chan struct{})
		go n.send(ctx)
	}
	n.mu.Unlock()
	n.pokeSend()
}

// pokeSend has the sender look at the unsent moves; pokes made before it looks merge.
func (n *notifier) pokeSend() {
	select {
	case n.pokeSender <- struct{}{}:
	default:
	}
}

// send announces the unsent moves, at most once per announceGap, until ctx ends; a failed
// announcement is tried again.
func (n *notifier) send(ctx context.Context) {
	defer close(n.senderDone)
	for delay := n.cfg.BackoffMin; ; {
		select {
		case <-ctx.Done():
			return
		case <-n.pokeSender:
		}
		n.mu.Lock()
		names := slices.Sorted(maps.Keys(n.unsent))
		clear(n.unsent)
		n.mu.Unlock()
		b := &pgx.Batch{}
		b.Queue("SELECT set_config('synchronous_commit', 'off', true)")
		b.Queue(announceSQL, notifyChannel, names)
		pause := announceGap
		if err := n.pool.SendBatch(ctx, b).Close(); err != nil {
			if ctx.Err() != nil {
				return
			}
			n.cfg.Logger.Warn("projector: announcing checkpoint moves failed; retrying", zap.Error(err))
			n.mu.Lock()
			for _, name := range names {
				n.unsent[name] = true
			}
			n.mu.Unlock()
			n.pokeSend()
			pause, delay = delay, min(2*delay, time.Second)
		} else {
			delay = n.cfg.BackoffMin
		}
		sleep(ctx, pause)
	}
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
	stopSender, senderDone := n.stopSender, n.senderDone
	n.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	if stopSender != nil {
		stopSender()
		<-senderDone
	}
}

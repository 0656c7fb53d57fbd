// Package fanout shares one read of the log among many subscribers. The projector runtime
// drives several read models over the same events; each used to read (and the store to scan
// and send) the whole log on its own, which on a 2-core machine cost more than all their writes.
// A fanout.Store reads the log once into a bounded buffer that subscribers at nearby positions
// read from; a subscriber that is behind the buffer, or falls behind it, reads on its own
// subscription until it reaches the buffer again.
package fanout

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/shafaf-city/shafaf/eventstore"
)

// ErrClosed is what Recv answers once a subscription is over: closed, its Subscribe context
// ended, or the shared read failed (subscribe again to start a new one).
var ErrClosed = errors.New("eventstore/fanout: subscription closed")

// Options tune the buffer; zero values pick the defaults in the comments.
type Options struct {
	// Capacity is how many messages the buffer holds (32768): how far apart subscribers may be
	// and still share the read.
	Capacity int
	// Patience is how long the shared read waits for a subscriber that holds the oldest
	// message of a full buffer before moving on without it (5s); that subscriber then reads on
	// its own until it catches up.
	Patience time.Duration
}

// Store is an event store whose Subscribe shares one upstream subscription; every other method
// is the wrapped store's.
type Store struct {
	eventstore.Store
	filter   eventstore.Filter // what the shared read selects
	capacity int
	patience time.Duration

	mu      sync.Mutex
	feed    *feed                 // the current shared read, nil when none runs
	waiters []chan struct{}       // subscribers waiting for messages, woken on the next one
	subs    map[*subscription]int // attached subscribers → the absolute index they read next
}

// New wraps store. filter is the union of what the subscribers will ask for; a subscriber
// whose filter it does not cover always reads on its own.
func New(store eventstore.Store, filter eventstore.Filter, opts Options) *Store {
	if opts.Capacity <= 0 {
		opts.Capacity = 1 << 15
	}
	if opts.Patience <= 0 {
		opts.Patience = 5 * time.Second
	}
	return &Store{Store: store, filter: filter, capacity: opts.Capacity, patience: opts.Patience,
		subs: make(map[*subscription]int)}
}

// Subscribe delivers what the wrapped store's Subscribe would, from the shared read whenever
// the subscriber is within its buffer.
func (s *Store) Subscribe(ctx context.Context, after eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	if !covers(s.filter, filter) {
		return s.Store.Subscribe(ctx, after, filter)
	}
	head, err := s.Store.Head(ctx)
	if err != nil {
		return nil, err
	}
	subCtx, cancel := context.WithCancel(ctx)
	sub := &subscription{store: s, ctx: subCtx, cancel: cancel, filter: filter, pos: after, head: head}
	s.mu.Lock()
	attached := s.attach(sub)
	s.mu.Unlock()
	if !attached {
		if err := sub.goPrivate(); err != nil {
			cancel()
			return nil, err
		}
	}
	return sub, nil
}

// feed is one run of the shared read: its buffer holds, in log order, every message of the
// upstream subscription after start.
type feed struct {
	cancel  context.CancelFunc
	done    chan struct{}
	start   eventstore.Position // buf holds everything after it
	base    int                 // absolute index of buf[0]
	buf     []eventstore.SubscriptionMessage
	live    bool          // the upstream has caught up
	err     error         // why the upstream ended
	space   chan struct{} // pokes a shared read waiting for room
	waiting bool          // the shared read waits for room
}

func (f *feed) next() int { return f.base + len(f.buf) }

// end is the position of the newest message in the buffer.
func (f *feed) end() eventstore.Position {
	if len(f.buf) == 0 {
		return f.start
	}
	return position(f.buf[len(f.buf)-1])
}

// attach joins sub to the shared read when its position is within the buffer, starting a
// shared read at its position when none runs; false means sub must read on its own for now.
// Called with s.mu held.
func (s *Store) attach(sub *subscription) bool {
	f := s.feed
	if f == nil || f.err != nil {
		f = s.start(sub.pos)
	}
	// A subscriber behind the buffer, or ahead of a shared read that is still catching up,
	// would wait for it: it reads on its own until the shared read is where it is.
	if sub.pos.Compare(f.start) < 0 || !f.live && sub.pos.Compare(f.end()) > 0 {
		return false
	}
	// Messages at or before sub.pos are passed over; the search saves walking them.
	i := sort.Search(len(f.buf), func(i int) bool { return position(f.buf[i]).Compare(sub.pos) > 0 })
	sub.feed = f
	s.subs[sub] = f.base + i
	return true
}

// start begins a shared read after pos. Called with s.mu held.
func (s *Store) start(pos eventstore.Position) *feed {
	ctx, cancel := context.WithCancel(context.Background())
	f := &feed{cancel: cancel, done: make(chan struct{}), start: pos, space: make(chan struct{}, 1)}
	s.feed = f
	go func() {
		defer close(f.done)
		err := s.read(ctx, f, pos)
		s.mu.Lock()
		f.err = err
		if s.feed == f {
			s.feed = nil
		}
		for sub := range s.subs {
			if sub.feed == f {
				delete(s.subs, sub)
			}
		}
		s.wake()
		s.mu.Unlock()
	}()
	return f
}

// read copies the upstream subscription into f's buffer until it fails or f is stopped.
func (s *Store) read(ctx context.Context, f *feed, after eventstore.Position) error {
	up, err := s.Store.Subscribe(ctx, after, s.filter)
	if err != nil {
		return err
	}
	defer func() { _ = up.Close() }()
	for {
		msg, err := up.Recv(ctx)
		if err != nil {
			return err
		}
		s.mu.Lock()
		if msg.CaughtUp {
			f.live = true
		} else if err := s.makeRoom(ctx, f); err != nil {
			s.mu.Unlock()
			return err
		} else {
			f.buf = append(f.buf, msg)
			s.trim(f)
		}
		s.wake()
		s.mu.Unlock()
	}
}

// makeRoom frees at least an eighth of a full buffer by dropping the messages every attached
// subscriber has read. It waits for the slowest up to Patience, then detaches those still
// holding the oldest messages. Called with s.mu held; it may release and retake it.
func (s *Store) makeRoom(ctx context.Context, f *feed) error {
	if len(f.buf) < s.capacity {
		return nil
	}
	chunk := s.chunk()
	deadline := time.Now().Add(s.patience)
	for s.slowest(f)-f.base < chunk && time.Now().Before(deadline) {
		f.waiting = true
		s.mu.Unlock()
		timer := time.NewTimer(time.Until(deadline))
		select {
		case <-f.space:
		case <-timer.C:
		case <-ctx.Done():
		}
		timer.Stop()
		s.mu.Lock()
		f.waiting = false
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	for sub, next := range s.subs {
		if sub.feed == f && next < f.base+chunk {
			delete(s.subs, sub) // it reads on its own from its position on its next Recv
		}
	}
	s.drop(f, chunk)
	return nil
}

// trim drops the messages every attached subscriber has read, once they make a chunk, so a
// shared read whose subscribers keep up (the live, caught-up case) holds little memory.
// Called with s.mu held.
func (s *Store) trim(f *feed) {
	if read := s.slowest(f) - f.base; read >= s.chunk() {
		s.drop(f, read)
	}
}

// chunk is how many messages the buffer drops at a time: an eighth, so dropping (a copy of
// the rest) stays rare.
func (s *Store) chunk() int { return max(s.capacity/8, 1) }

// slowest is the absolute index the slowest subscriber attached to f reads next (the end of
// the buffer when none is). Called with s.mu held.
func (s *Store) slowest(f *feed) int {
	slowest := f.next()
	for sub, next := range s.subs {
		if sub.feed == f {
			slowest = min(slowest, next)
		}
	}
	return slowest
}

// drop removes the n oldest messages of f's buffer. The slots the rest vacate are cleared:
// left as they were, the backing array kept every event it had held alive (a full buffer's
// worth, 28 MB of a server's 80 MB live heap, which a memory-limited collector marked over and
// over).
// Called with s.mu held.
func (s *Store) drop(f *feed, n int) {
	f.start = position(f.buf[n-1])
	kept := copy(f.buf, f.buf[n:])
	clear(f.buf[kept:])
	f.buf = f.buf[:kept]
	f.base += n
}

// wake tells the waiting subscribers that something changed. Called with s.mu held.
func (s *Store) wake() {
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = s.waiters[:0]
}

// detach removes sub from the shared read, stopping the read when it was the last subscriber.
// Called with s.mu held.
func (s *Store) detach(sub *subscription) {
	delete(s.subs, sub)
	f := sub.feed
	if f == nil {
		return
	}
	sub.feed = nil
	for other := range s.subs {
		if other.feed == f {
			return
		}
	}
	if s.feed == f {
		s.feed = nil
	}
	f.cancel()
}

// Close stops the shared read, then closes the wrapped store.
func (s *Store) Close() error {
	s.mu.Lock()
	f := s.feed
	s.feed = nil
	s.mu.Unlock()
	if f != nil {
		f.cancel()
		<-f.done
	}
	return s.Store.Close()
}

// position is where msg leaves the log: its event's position or its checkpoint.
func position(msg eventstore.SubscriptionMessage) eventstore.Position {
	if msg.Event != nil {
		return msg.Event.Position
	}
	if msg.Checkpoint != nil {
		return *msg.Checkpoint
	}
	return eventstore.Position{}
}

// covers reports whether every event f selects is one u selects too.
func covers(u, f eventstore.Filter) bool {
	return coversPrefixes(u.StreamPrefixes, f.StreamPrefixes) && coversPrefixes(u.EventTypePrefixes, f.EventTypePrefixes)
}

func coversPrefixes(u, f []string) bool {
	if len(u) == 0 {
		return true
	}
	if len(f) == 0 {
		return false
	}
	for _, p := range f {
		if !matchesAny(u, p) {
			return false
		}
	}
	return true
}

func matchesAny(prefixes []string, s string) bool {
	return eventstore.Filter{StreamPrefixes: prefixes}.Matches(s, "")
}

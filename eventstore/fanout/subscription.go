package fanout

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/shafaf-city/shafaf/eventstore"
)

// subscription reads from the shared buffer while attached to it, else from a subscription of
// its own, and gives its consumer exactly what a subscription of the wrapped store would.
type subscription struct {
	store  *Store
	ctx    context.Context // the Subscribe context: when it ends, so does the subscription
	cancel context.CancelFunc
	filter eventstore.Filter

	// Recv's own state.
	pos      eventstore.Position // the last position delivered or passed over
	owed     bool                // events were passed over since the last message: a checkpoint is owed
	caughtUp bool                // CaughtUp was delivered
	head     eventstore.Position // the head of the log when it subscribed: CaughtUp comes once it is reached
	// headChecked is the position at which the log was last found to hold events up to head
	// that sub has yet to see.
	headChecked eventstore.Position

	feed *feed // the shared read it is attached to; guarded by store.mu

	privateMu sync.Mutex
	private   eventstore.Subscription // its own subscription while it is not attached

	// out is the slice RecvBatch fills and hands back, reused from call to call: a catching-up
	// consumer took a fresh one of up to a batch's size for every call, ~9 % of a read model
	// catch-up's garbage.
	out []eventstore.SubscriptionMessage
}

// Recv waits for the next message.
func (sub *subscription) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	msgs, err := sub.recv(ctx, 1)
	if err != nil {
		return eventstore.SubscriptionMessage{}, err
	}
	return msgs[0], nil
}

// RecvBatch waits for the next message like Recv and returns it with up to max-1 more that are
// already waiting: what Recv called that many times would give. A catching-up consumer takes
// its messages a batch at a time instead of taking the lock and a wake-up for each. The slice
// it returns is valid until the next call.
func (sub *subscription) RecvBatch(ctx context.Context, limit int) ([]eventstore.SubscriptionMessage, error) {
	return sub.recv(ctx, max(limit, 1))
}

func (sub *subscription) recv(ctx context.Context, limit int) ([]eventstore.SubscriptionMessage, error) {
	for {
		if err := sub.ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrClosed, err)
		}
		if private := sub.ownSubscription(); private != nil {
			msg, deliver, err := sub.recvPrivate(ctx, private)
			if err != nil {
				return nil, err
			}
			if deliver {
				return []eventstore.SubscriptionMessage{msg}, nil
			}
			continue
		}
		msgs, wait, err := sub.recvShared(limit)
		if errors.Is(err, errCheckHead) {
			msg, err := sub.checkHead(ctx)
			if err != nil {
				return nil, err
			}
			if msg.CaughtUp {
				return []eventstore.SubscriptionMessage{msg}, nil
			}
			continue
		}
		if err != nil || wait == nil {
			return msgs, err
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-sub.ctx.Done():
		}
	}
}

// recvShared takes up to limit messages for sub from the shared buffer. With nothing to
// deliver it returns a channel that is closed when there may be.
func (sub *subscription) recvShared(limit int) (msgs []eventstore.SubscriptionMessage, wait <-chan struct{}, err error) {
	one := func(m eventstore.SubscriptionMessage) []eventstore.SubscriptionMessage {
		return []eventstore.SubscriptionMessage{m}
	}
	s := sub.store
	s.mu.Lock()
	defer s.mu.Unlock()
	next, attached := s.subs[sub]
	f := sub.feed
	if !attached {
		sub.feed = nil
		if sub.owed {
			return one(sub.checkpoint()), nil, nil
		}
		// A shared read stopped because its last attached reader left (detach cancels it) is no
		// failure for a reader the buffer had already let go of: it reads on its own below.
		if f != nil && f.err != nil && !errors.Is(f.err, context.Canceled) {
			return nil, nil, fmt.Errorf("%w: shared read: %v", ErrClosed, f.err)
		}
		// The shared read moved on without it: it reads on its own from where it is.
		s.mu.Unlock()
		err := sub.goPrivate()
		s.mu.Lock()
		if err != nil {
			return nil, nil, err
		}
		return nil, closedChan, nil
	}
	defer func() {
		s.subs[sub] = next
		if f.waiting {
			select {
			case f.space <- struct{}{}:
			default:
			}
		}
	}()
	out := sub.out[:0]
	for next < f.next() && len(out) < limit {
		m := f.buf[next-f.base]
		next++
		p := position(m)
		if p.Compare(sub.pos) <= 0 {
			continue
		}
		sub.pos = p
		if m.Event != nil && sub.filter.Matches(m.Event.Stream, m.Event.Type) {
			sub.owed = false
			out = append(out, m)
			continue
		}
		sub.owed = true
	}
	if len(out) > 0 {
		sub.out = out
		return out, nil, nil // an owed checkpoint comes with the next call
	}
	if sub.owed {
		return one(sub.checkpoint()), nil, nil
	}
	if !sub.caughtUp && f.live {
		if sub.pos.Compare(sub.head) >= 0 {
			sub.caughtUp = true
			return one(eventstore.SubscriptionMessage{CaughtUp: true}), nil, nil
		}
		if sub.pos != sub.headChecked {
			// Short of the head at the end of a live buffer: the events in between may all be
			// ones the shared read does not select, and no checkpoint may come for them.
			return nil, nil, errCheckHead
		}
	}
	w := make(chan struct{})
	s.waiters = append(s.waiters, w)
	return nil, w, nil
}

// errCheckHead is recvShared asking Recv to look in the log for the events before the head.
var errCheckHead = errors.New("check the head")

// checkHead delivers CaughtUp when nothing the shared read selects lies between sub's position
// and the head it has to reach; otherwise it notes that those events are still to come.
func (sub *subscription) checkHead(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	pos := sub.pos
	next, err := sub.store.Store.ReadAll(ctx, pos, sub.store.filter, 1)
	if err != nil {
		if ctx.Err() != nil {
			return eventstore.SubscriptionMessage{}, ctx.Err()
		}
		return eventstore.SubscriptionMessage{}, fmt.Errorf("%w: %w", ErrClosed, err)
	}
	if len(next) == 0 || next[0].Position.Compare(sub.head) > 0 {
		sub.caughtUp = true
		return eventstore.SubscriptionMessage{CaughtUp: true}, nil
	}
	sub.headChecked = pos
	return eventstore.SubscriptionMessage{}, nil
}

// checkpoint is the owed checkpoint at sub's position.
func (sub *subscription) checkpoint() eventstore.SubscriptionMessage {
	sub.owed = false
	pos := sub.pos
	return eventstore.SubscriptionMessage{Checkpoint: &pos}
}

// recvPrivate takes the next message from sub's own subscription and, once sub has reached the
// shared buffer, attaches it there. deliver is false for a message sub must not pass on.
func (sub *subscription) recvPrivate(ctx context.Context, private eventstore.Subscription) (msg eventstore.SubscriptionMessage, deliver bool, err error) {
	msg, err = private.Recv(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return msg, false, ctx.Err()
		}
		return msg, false, fmt.Errorf("%w: %w", ErrClosed, err)
	}
	if msg.CaughtUp {
		if sub.caughtUp {
			return msg, false, nil
		}
		sub.caughtUp = true
		return msg, true, nil
	}
	if p := position(msg); p.Compare(sub.pos) > 0 {
		sub.pos = p
	} else {
		return msg, false, nil
	}
	sub.owed = false
	s := sub.store
	s.mu.Lock()
	attached := s.feed != nil && s.feed.err == nil && s.attach(sub)
	s.mu.Unlock()
	if attached {
		sub.setOwnSubscription(nil)
	}
	return msg, true, nil
}

// goPrivate opens sub's own subscription from its position.
func (sub *subscription) goPrivate() error {
	private, err := sub.store.Store.Subscribe(sub.ctx, sub.pos, sub.filter)
	if err != nil {
		return err
	}
	sub.setOwnSubscription(private)
	return nil
}

func (sub *subscription) ownSubscription() eventstore.Subscription {
	sub.privateMu.Lock()
	defer sub.privateMu.Unlock()
	return sub.private
}

// setOwnSubscription replaces sub's own subscription, closing the one it had.
func (sub *subscription) setOwnSubscription(private eventstore.Subscription) {
	sub.privateMu.Lock()
	old := sub.private
	sub.private = private
	sub.privateMu.Unlock()
	if old != nil {
		_ = old.Close()
	}
}

// Close ends the subscription; it is safe to call more than once.
func (sub *subscription) Close() error {
	sub.cancel()
	s := sub.store
	s.mu.Lock()
	s.detach(sub)
	s.wake()
	s.mu.Unlock()
	sub.setOwnSubscription(nil)
	return nil
}

// closedChan is a channel that never blocks: "look again now".
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shafaf-city/shafaf/eventstore"
)

// ErrClosed is what Recv answers once a subscription is over: closed, its Subscribe context
// ended, or its store closed.
var ErrClosed = errors.New("eventstore/postgres: subscription closed")

var errStoreClosed = errors.New("store closed")

type subscription struct {
	msgs   chan eventstore.SubscriptionMessage
	err    error // why msgs was closed; written before the close
	cancel context.CancelCauseFunc
	done   chan struct{}
}

// Subscribe starts a goroutine that pages through the log and then follows it, woken by
// notifications and, as a safety net, by a slow poll.
func (s *Store) Subscribe(ctx context.Context, after eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrClosed, errStoreClosed)
	}
	subCtx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(s.ctx, func() { cancel(errStoreClosed) })
	sub := &subscription{msgs: make(chan eventstore.SubscriptionMessage, 256), cancel: cancel, done: make(chan struct{})}
	wake, unregister := s.listener.register()
	go func() {
		defer close(sub.done)
		defer stop()
		defer unregister()
		err := s.follow(subCtx, sub.msgs, wake, after, filter)
		if cause := context.Cause(subCtx); cause != nil {
			// %v, not %w: a context error would tell Recv's caller its own ctx ended.
			sub.err = fmt.Errorf("%w: %v", ErrClosed, cause)
		} else {
			sub.err = fmt.Errorf("%w: %w", ErrClosed, unavailable("subscription", err))
		}
		close(sub.msgs)
	}()
	return sub, nil
}

// follow delivers events after `after` until ctx ends or reading fails.
func (s *Store) follow(ctx context.Context, out chan<- eventstore.SubscriptionMessage, wake <-chan struct{}, after eventstore.Position, filter eventstore.Filter) error {
	poll := time.NewTicker(s.pollInterval)
	defer poll.Stop()
	send := func(m eventstore.SubscriptionMessage) error {
		select {
		case out <- m:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	caughtUp := false
	size := s.batchSize // a full page is likely until one comes back short
	for {
		p, err := s.readSafe(ctx, after, filter, s.batchSize, size, true)
		if err != nil {
			return err
		}
		for i := range p.events {
			if err := send(eventstore.SubscriptionMessage{Event: &p.events[i]}); err != nil {
				return err
			}
			after = p.events[i].Position
		}
		if len(p.events) == s.batchSize {
			size = s.batchSize
			continue
		}
		size = 0
		if p.scanned.Compare(after) > 0 {
			after = p.scanned
			checkpoint := after
			if err := send(eventstore.SubscriptionMessage{Checkpoint: &checkpoint}); err != nil {
				return err
			}
		}
		if !caughtUp {
			if err := send(eventstore.SubscriptionMessage{CaughtUp: true}); err != nil {
				return err
			}
			caughtUp = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-poll.C:
		}
	}
}

// Recv waits for the next message.
func (sub *subscription) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	select {
	case m, ok := <-sub.msgs:
		if !ok {
			return eventstore.SubscriptionMessage{}, sub.err
		}
		return m, nil
	case <-ctx.Done():
		return eventstore.SubscriptionMessage{}, ctx.Err()
	}
}

// Close ends the subscription and waits for its goroutine.
func (sub *subscription) Close() error {
	sub.cancel(errors.New("closed"))
	<-sub.done
	return nil
}

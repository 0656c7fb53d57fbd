package esdb

import (
	"context"
	"errors"
	"fmt"
	"sync"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Subscribe follows $all after `after` with a server-side filter, so that the server's
// checkpoints move a consumer's position even when no event matches. Stream prefixes are
// filtered on the server; event-type prefixes too when they are the only criterion, else
// here. An empty filter excludes system events on the server.
func (s *Store) Subscribe(ctx context.Context, after eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, errClosed
	}
	lifetime, cancel := context.WithCancel(ctx)
	sub := &subscription{
		store: s, filter: filter, server: serverFilter(filter), parent: ctx, lifetime: lifetime, cancel: cancel,
		resume: after, out: make(chan eventstore.SubscriptionMessage), done: make(chan struct{}),
	}
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	first, err := sub.open()
	if err != nil {
		close(sub.done) // no pump to wait for
		_ = sub.Close()
		return nil, err
	}
	go sub.pump(first)
	return sub, nil
}

// serverFilter is the part of filter EventStoreDB applies itself.
func serverFilter(f eventstore.Filter) *es.SubscriptionFilter {
	switch {
	case len(f.StreamPrefixes) > 0:
		return &es.SubscriptionFilter{Type: es.StreamFilterType, Prefixes: f.StreamPrefixes}
	case len(f.EventTypePrefixes) > 0:
		return &es.SubscriptionFilter{Type: es.EventFilterType, Prefixes: f.EventTypePrefixes}
	}
	return es.ExcludeSystemEventsFilter()
}

// subscription turns a v4 subscription, which has no context and never reconnects, into the
// port's: Recv honours its context, and a dropped feed is reopened after the last position
// delivered without the consumer noticing.
type subscription struct {
	store    *Store
	filter   eventstore.Filter
	server   *es.SubscriptionFilter
	parent   context.Context // the Subscribe context
	lifetime context.Context
	cancel   context.CancelFunc
	resume   eventstore.Position // last event or checkpoint handed to the consumer
	caughtUp bool                // CaughtUp was delivered; a reopened feed's is not repeated

	mu   sync.Mutex
	feed *es.Subscription
	out  chan eventstore.SubscriptionMessage
	done chan struct{} // closed when pump returns
	err  error         // why the subscription ended, set before out is closed
	once sync.Once
}

// Recv waits for the next message; a ctx that ends leaves the subscription usable.
func (sub *subscription) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	select {
	case msg, ok := <-sub.out:
		if !ok {
			return eventstore.SubscriptionMessage{}, sub.err
		}
		return msg, nil
	case <-ctx.Done():
		return eventstore.SubscriptionMessage{}, ctx.Err()
	}
}

// Close ends the feed and waits for its goroutine. It is safe to call more than once.
func (sub *subscription) Close() error {
	sub.once.Do(func() {
		sub.cancel()
		sub.mu.Lock()
		if sub.feed != nil {
			_ = sub.feed.Close()
		}
		sub.mu.Unlock()
		<-sub.done
		s := sub.store
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
	})
	return nil
}

// open subscribes after the resume position.
func (sub *subscription) open() (*es.Subscription, error) {
	var feed *es.Subscription
	err := sub.store.do(sub.lifetime, func(c *es.Client) (err error) {
		feed, err = c.SubscribeToAll(sub.lifetime, es.SubscribeToAllOptions{From: allPosition(sub.resume), Filter: sub.server})
		return err
	})
	if err != nil {
		return nil, mapError(sub.lifetime, "$all", err)
	}
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.lifetime.Err() != nil { // closed while subscribing
		_ = feed.Close()
		return nil, fmt.Errorf("esdb: subscription: %w", sub.lifetime.Err())
	}
	sub.feed = feed
	return feed, nil
}

// errEnded answers Recv after Close.
var errEnded = errors.New("esdb: subscription closed")

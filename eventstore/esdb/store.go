// Package esdb is the production event store: the eventstore.Store port on EventStoreDB,
// through the EventStore-Client-Go v4 client. It hides the client's traps from the product:
// system events in $all, inclusive/exclusive positions, errors that only errors.As can
// classify, subscriptions that never reconnect and a client that closes itself for good after
// a failed discovery.
package esdb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
)

var _ eventstore.Store = (*Store)(nil)

// errClosed answers every call made after Close.
var errClosed = errors.New("esdb: store closed")

// Store keeps events in EventStoreDB. It is safe for concurrent use.
type Store struct {
	cfg    *es.Configuration
	logger *zap.Logger

	mu     sync.Mutex
	client *es.Client
	closed bool
	subs   map[*subscription]struct{}
	head   eventstore.Position // newest product event seen by Head, where its next scan stops
}

// Open connects to the EventStoreDB at connString (esdb://host:2113?tls=false, or a cluster
// list / esdb+discover://) and checks that it answers.
func Open(ctx context.Context, connString string, logger *zap.Logger) (*Store, error) {
	cfg, err := es.ParseConnectionString(connString)
	if err != nil {
		return nil, fmt.Errorf("esdb: connection string: %w", err)
	}
	if err := checkCredentials(cfg); err != nil {
		return nil, err
	}
	cfg.Logger = zapLogging(logger.Named("esdb-client"))
	client, err := es.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("esdb: %w", err)
	}
	s := &Store{cfg: cfg, logger: logger, client: client, subs: map[*subscription]struct{}{}}
	if _, err := s.Head(ctx); err != nil {
		_ = s.Close()
		return nil, diagnoseTLS(ctx, cfg, err)
	}
	return s, nil
}

// Close ends the open subscriptions, then the client: v4.2.0 can panic when the client is
// closed under a live subscription.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	subs := s.subs
	s.subs = nil
	s.mu.Unlock()
	for sub := range subs {
		_ = sub.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client.Close()
}

// attempts bounds the runs of one operation. A leader change costs up to three: the call the
// crash cut, one that finds the connection dead and makes the client rediscover, and the one on
// the new leader.
const attempts = 4

// do runs op with the current client, again when the connection was lost or the node was not
// the leader, so that a leader change goes unnoticed. That is safe for every op: reads, and
// appends, whose retries carry the same event ids, which the server recognises and answers
// with the original result instead of writing them twice. The v4 client closes itself for
// good when a discovery fails; then do builds a new one once, so a restarted server is found.
func (s *Store) do(ctx context.Context, op func(*es.Client) error) error {
	c, err := s.current()
	if err != nil {
		return err
	}
	rebuilt, wait := false, minBackoff
	for attempt := 1; ; attempt++ {
		err = guard(func() error { return op(c) })
		if err == nil || ctx.Err() != nil || attempt == attempts || !reconnecting(err) {
			return err
		}
		if code(err) == es.ErrorCodeConnectionClosed || discoveryGaveUp(err) {
			if rebuilt {
				return err
			}
			if c, err = s.rebuild(c); err != nil {
				return err
			}
			rebuilt = true
			continue
		}
		s.logger.Info("eventstoredb connection lost or not the leader; retrying", zap.Error(err), zap.Int("attempt", attempt))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
		wait *= 2
	}
}

func (s *Store) current() (*es.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	return s.client, nil
}

// rebuild replaces old unless another call did already. The old client is closed so that its
// stuck calls fail (see guard) instead of blocking on a channel nobody reads.
func (s *Store) rebuild(old *es.Client) (*es.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	if s.client != old {
		return s.client, nil
	}
	c, err := es.NewClient(s.cfg)
	if err != nil {
		return nil, fmt.Errorf("esdb: rebuild client: %w", err)
	}
	s.logger.Warn("eventstoredb client closed after a failed discovery; rebuilt it")
	_ = old.Close()
	s.client = c
	return c, nil
}

package esdb

import (
	"fmt"
	"time"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Resubscription waits grow from minBackoff to maxBackoff while the server stays away.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// pump moves messages from the feed to Recv and reopens the feed when the server drops it.
func (sub *subscription) pump(feed *es.Subscription) {
	defer close(sub.done)
	defer close(sub.out)
	for {
		err := sub.forward(feed)
		if sub.lifetime.Err() != nil {
			sub.err = sub.endReason()
			return
		}
		if !transient(err) {
			sub.err = mapError(sub.lifetime, "$all", err)
			return
		}
		sub.store.logger.Warn("eventstoredb subscription dropped; resubscribing",
			zap.Error(err), zap.Stringer("after", sub.resume))
		if feed, err = sub.reopen(); err != nil {
			sub.err = err
			return
		}
	}
}

// reopen subscribes again after the last delivered position, waiting longer after each failure.
func (sub *subscription) reopen() (*es.Subscription, error) {
	wait := minBackoff
	for {
		select {
		case <-time.After(wait):
		case <-sub.lifetime.Done():
			return nil, sub.endReason()
		}
		feed, err := sub.open()
		switch {
		case err == nil:
			return feed, nil
		case sub.lifetime.Err() != nil:
			return nil, sub.endReason()
		case !transient(err):
			return nil, err
		}
		sub.store.logger.Warn("eventstoredb resubscription failed", zap.Error(err), zap.Duration("retry_in", wait))
		wait = min(2*wait, maxBackoff)
	}
}

// endReason says why the lifetime ended: the Subscribe context, or Close.
func (sub *subscription) endReason() error {
	if err := sub.parent.Err(); err != nil {
		return fmt.Errorf("esdb: subscription: %w", err)
	}
	return errEnded
}

// forward hands the feed's messages to Recv until the feed drops. Events at or before the
// resume position (a reopened feed's overlap), repeated CaughtUp signals and checkpoints
// that do not move forward are not handed on; events the port filter rejects only move the
// resume position.
func (sub *subscription) forward(feed *es.Subscription) error {
	for {
		ev := feed.Recv()
		var msg eventstore.SubscriptionMessage
		var pos eventstore.Position
		switch {
		case ev.SubscriptionDropped != nil:
			return ev.SubscriptionDropped.Error
		case ev.EventAppeared != nil:
			rec := ev.EventAppeared.OriginalEvent()
			if pos = position(rec); pos.Compare(sub.resume) <= 0 {
				continue
			}
			if isSystem(rec) || !sub.filter.Matches(rec.StreamID, rec.EventType) {
				sub.resume = pos
				continue
			}
			r := toRecorded(rec)
			msg.Event = &r
		case ev.CheckPointReached != nil:
			if pos = (eventstore.Position{Commit: ev.CheckPointReached.Commit, Prepare: ev.CheckPointReached.Prepare}); pos.Compare(sub.resume) <= 0 {
				continue
			}
			msg.Checkpoint = &pos
		case ev.CaughtUp != nil && !sub.caughtUp:
			sub.caughtUp, msg.CaughtUp = true, true
			pos = sub.resume
		default:
			continue
		}
		select {
		case sub.out <- msg:
			sub.resume = pos
		case <-sub.lifetime.Done():
			return sub.lifetime.Err()
		}
	}
}

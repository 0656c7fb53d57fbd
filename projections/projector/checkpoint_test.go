package projector_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// headAtCatchUp wraps a store whose subscriptions announce the head of the log their read
// reached as a Checkpoint right after CaughtUp, as EventStoreDB's filtered subscriptions do
// around it. That head is the store's own last Checkpoint before CaughtUp, held back until
// then: a head read apart from the subscription (Store.Head) may lie past events it has yet to
// deliver (appended since its read, or held back by older transactions), and a checkpoint
// there would skip them.
type headAtCatchUp struct{ eventstore.Store }

func (s headAtCatchUp) Subscribe(ctx context.Context, after eventstore.Position, f eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := s.Store.Subscribe(ctx, after, f)
	return &checkpointing{Subscription: sub}, err
}

type checkpointing struct {
	eventstore.Subscription
	caughtUp bool
	head     *eventstore.Position // the checkpoint held back until CaughtUp
}

func (c *checkpointing) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	if c.caughtUp && c.head != nil {
		head := c.head
		c.head = nil
		return eventstore.SubscriptionMessage{Checkpoint: head}, nil
	}
	for {
		msg, err := c.Subscription.Recv(ctx)
		if err != nil || c.caughtUp || msg.Checkpoint == nil {
			c.caughtUp = c.caughtUp || msg.CaughtUp
			return msg, err
		}
		c.head = msg.Checkpoint
	}
}

// heldCatchUp wraps a store whose subscriptions announce CaughtUp before the events already in
// the log, as the PostgreSQL store does when older transactions hold its first read back for
// longer than its maxHold: the events follow once they are safe to hand out.
type heldCatchUp struct{ eventstore.Store }

func (s heldCatchUp) Subscribe(ctx context.Context, after eventstore.Position, f eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := s.Store.Subscribe(ctx, after, f)
	return &held{Subscription: sub}, err
}

type held struct {
	eventstore.Subscription
	announced bool
}

func (h *held) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	if !h.announced {
		h.announced = true
		return eventstore.SubscriptionMessage{CaughtUp: true}, nil
	}
	for {
		msg, err := h.Subscription.Recv(ctx)
		if err != nil || !msg.CaughtUp {
			return msg, err
		}
	}
}

func TestCheckpointMessagesMoveThePosition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		wrap func(eventstore.Store) eventstore.Store
	}{
		{"after a catch-up", func(s eventstore.Store) eventstore.Store { return headAtCatchUp{s} }},
		{"after a catch-up announced before held-back events", func(s eventstore.Store) eventstore.Store {
			return headAtCatchUp{heldCatchUp{s}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := mustEnv(t)
			appendEvents(t, e.store, 10, typeCounted)
			// Events outside the toy's filter: only a Checkpoint message can take it past them.
			res, err := e.store.Append(context.Background(), "other-1", eventstore.NoStream,
				eventstore.EventData{ID: uuid.New(), Type: typeCounted, Data: payload})
			if err != nil {
				t.Fatal(err)
			}
			e.store = tc.wrap(e.store)
			rt := mustRuntime(t, e, projector.Config{}, newToy("skipping", "one"))
			readmodeltest.Start(t, rt)
			mustWaitFor(t, rt, "skipping", res.Position)
			wantExactlyOnce(t, rt, e.store, "skipping")
		})
	}
}

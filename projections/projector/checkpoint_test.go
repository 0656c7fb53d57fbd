package projector_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// headAtCatchUp wraps a store whose subscriptions announce the head of the log as a Checkpoint
// right after CaughtUp, as EventStoreDB's filtered subscriptions do.
type headAtCatchUp struct{ eventstore.Store }

func (s headAtCatchUp) Subscribe(ctx context.Context, after eventstore.Position, f eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := s.Store.Subscribe(ctx, after, f)
	return &checkpointing{Subscription: sub, store: s.Store}, err
}

type checkpointing struct {
	eventstore.Subscription
	store   eventstore.Store
	pending *eventstore.Position
}

func (c *checkpointing) Recv(ctx context.Context) (eventstore.SubscriptionMessage, error) {
	if p := c.pending; p != nil {
		c.pending = nil
		return eventstore.SubscriptionMessage{Checkpoint: p}, nil
	}
	msg, err := c.Subscription.Recv(ctx)
	if err == nil && msg.CaughtUp {
		head, err := c.store.Head(ctx)
		if err != nil {
			return msg, err
		}
		c.pending = &head
	}
	return msg, err
}

func TestCheckpointMessagesMoveThePosition(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	appendEvents(t, e.store, 10, typeCounted)
	// Events outside the toy's filter: only a Checkpoint message can take it past them.
	res, err := e.store.Append(context.Background(), "other-1", eventstore.NoStream,
		eventstore.EventData{ID: uuid.New(), Type: typeCounted, Data: payload})
	if err != nil {
		t.Fatal(err)
	}
	e.store = headAtCatchUp{e.store}
	rt := mustRuntime(t, e, projector.Config{}, newToy("skipping", "one"))
	readmodeltest.Start(t, rt)
	mustWaitFor(t, rt, "skipping", res.Position)
	wantExactlyOnce(t, rt, e.store, "skipping")
}

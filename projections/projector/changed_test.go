package projector_test

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// A cache of a read model (delegations.CachedReader) reads again once Changed closes: when the
// replica that moved the checkpoint announces it, and at the latest when this process has read
// the moved checkpoint itself, so a request that waited for a position (?after=) is never then
// answered from the cache as it was before.
func TestChangedClosesOnceTheCheckpointMoves(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	writer := mustRuntime(t, e, projector.Config{BatchSize: 10}, newToy("watched", "one"))
	readmodeltest.Start(t, writer)
	reader := mustRuntime(t, e, projector.Config{}, newToy("watched", "one")) // a replica that does not run it

	t.Run("announced by the replica that moved it", func(t *testing.T) {
		changed := reader.Changed("watched")
		appendEvents(t, e.store, 5, typeCounted)
		select {
		case <-changed:
		case <-time.After(10 * time.Second):
			t.Fatal("the checkpoint moved and Changed did not close")
		}
	})
	t.Run("read here first", func(t *testing.T) {
		for range 20 {
			changed := reader.Changed("watched")
			head := appendEvents(t, e.store, 3, typeCounted)
			mustWaitFor(t, writer, "watched", head) // moved: the reader's notification is on its way
			if err := reader.WaitFor(context.Background(), "watched", head); err != nil {
				t.Fatal(err)
			}
			select {
			case <-changed:
			default:
				t.Fatal("WaitFor saw the checkpoint move and Changed is still open")
			}
		}
	})
}

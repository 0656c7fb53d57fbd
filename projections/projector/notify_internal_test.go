package projector

import (
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

// A checkpoint read here that is newer than any read before wakes the projection's waiters at
// once, without waiting for its notification; an older or equal one does not.
func TestACheckpointReadHereFirstWakes(t *testing.T) {
	n := newNotifier(nil, Config{})
	n.stop = func() {} // no listener: only saw can wake
	closed := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	at := func(c uint64) eventstore.Position { return eventstore.Position{Commit: c, Prepare: c} }
	ch := n.next("p")
	n.saw("q", at(5))
	if closed(ch) {
		t.Fatal("another projection's move woke p")
	}
	n.saw("p", at(5))
	if !closed(ch) {
		t.Fatal("p's checkpoint moved to 5 and its waiters sleep")
	}
	ch = n.next("p")
	n.saw("p", at(5))
	n.saw("p", at(3))
	if closed(ch) {
		t.Fatal("a checkpoint no newer than 5 woke p")
	}
	n.saw("p", at(6))
	if !closed(ch) {
		t.Fatal("p's checkpoint moved to 6 and its waiters sleep")
	}
}

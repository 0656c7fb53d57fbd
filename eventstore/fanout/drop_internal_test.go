package fanout

import (
	"runtime"
	"testing"
	"weak"

	"github.com/shafaf-city/shafaf/eventstore"
)

// A message the buffer dropped is garbage: nothing in the buffer, its backing array
// included, keeps its event alive.
func TestDroppedMessagesAreCollected(t *testing.T) {
	s := New(nil, eventstore.Filter{}, Options{Capacity: 8})
	f := &feed{}
	var dropped []weak.Pointer[eventstore.RecordedEvent]
	for i := range 10 {
		ev := &eventstore.RecordedEvent{Position: eventstore.Position{Commit: uint64(i + 1), Prepare: uint64(i + 1)}}
		if i < 6 {
			dropped = append(dropped, weak.Make(ev))
		}
		f.buf = append(f.buf, eventstore.SubscriptionMessage{Event: ev})
	}
	s.drop(f, 6)
	if len(f.buf) != 4 || f.base != 6 || f.buf[0].Event.Position.Commit != 7 {
		t.Fatalf("after dropping 6 of 10: %d messages from index %d, first at %v", len(f.buf), f.base, f.buf[0].Event.Position)
	}
	runtime.GC()
	for i, w := range dropped {
		if w.Value() != nil {
			t.Fatalf("dropped message %d is still reachable", i)
		}
	}
	runtime.KeepAlive(f)
}

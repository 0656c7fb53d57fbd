package esdb

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/shafaf-city/shafaf/eventstore"
)

// guard runs op and turns the one panic v4.2.0 is known to raise after its client was closed
// (an Unavailable error reported on the closed reconnect channel, fixed upstream in #189)
// into an unavailability error. Every other panic goes on.
func guard(op func() error) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if re, ok := r.(runtime.Error); ok && strings.Contains(re.Error(), "send on closed channel") {
			err = fmt.Errorf("esdb: client closed under a call: %w", eventstore.ErrUnavailable)
			return
		}
		panic(r)
	}()
	return op()
}

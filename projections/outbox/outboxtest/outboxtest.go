// Package outboxtest drives a Dispatcher in tests: a clock moved by hand, and stepping until
// nothing is due.
package outboxtest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/outbox"
)

// Clock is a dispatcher's clock that moves only when told, so backoff needs no waiting.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at start.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Drain steps d until nothing is due.
func Drain(tb testing.TB, d *outbox.Dispatcher) {
	tb.Helper()
	for {
		n, err := d.Step(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// CrashAfter lets n messages through to a provider and then, right after the provider
// accepted the next one and before the dispatcher can record it, calls crash (which ends the
// dispatcher's context): the process dying between the provider call and the log write.
type CrashAfter struct {
	outbox.Provider
	N     int
	Crash context.CancelFunc
}

// Send passes m on, then crashes once N messages have gone before it.
func (c *CrashAfter) Send(ctx context.Context, m outbox.Message) (string, error) {
	id, err := c.Provider.Send(ctx, m)
	if c.N--; c.N < 0 {
		c.Crash()
	}
	return id, err
}

package demo

import (
	"sync"
	"time"
)

// Clock is the simulated time the seeder moves forward: the commands layer stamps every
// event with Now, so seeded cases carry believable dates spread over months.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's current time; pass it to commands.NewCases.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

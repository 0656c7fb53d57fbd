package web

import (
	"math"
	"sync"
	"time"
)

// limiter is a token bucket per client address: a citizen checking a few certificates never
// notices it, a script guessing codes is slowed to a trickle.
type limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	burst   float64
	every   time.Duration // one token comes back per interval
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds memory under a spray of addresses; full buckets are forgotten first.
const maxBuckets = 100_000

func newLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{now: now, burst: float64(burst), every: every, buckets: map[string]*bucket{}}
}

// allow takes one token for key. When none is left it returns how long until one is.
func (l *limiter) allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.forgetFull(now)
		}
		if len(l.buckets) >= maxBuckets {
			clear(l.buckets) // an attacker with this many addresses gains little from a reset
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = l.refill(b, now)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration(math.Ceil((1 - b.tokens) * float64(l.every)))
	return false, wait
}

func (l *limiter) refill(b *bucket, now time.Time) float64 {
	return math.Min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
}

// forgetFull drops buckets that have refilled: forgetting them changes nothing.
func (l *limiter) forgetFull(now time.Time) {
	for k, b := range l.buckets {
		if l.refill(b, now) >= l.burst {
			delete(l.buckets, k)
		}
	}
}

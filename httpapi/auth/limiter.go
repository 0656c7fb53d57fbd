package auth

import (
	"container/list"
	"sync"
	"time"
)

// limiter is a token bucket per client IP that only failed authentications
// drain. It only decides how a refused token is answered (401 or 429): the
// middleware verifies first, so a valid token never waits on it. It remembers at most maxClients IPs, forgetting the least recently
// failing one first, so a spray of addresses cannot exhaust memory.
type limiter struct {
	mu    sync.Mutex
	now   func() time.Time
	burst float64
	every time.Duration
	order *list.List // of *bucket, most recent failure first
	byIP  map[string]*list.Element
}

type bucket struct {
	ip     string
	tokens float64
	at     time.Time
}

const maxClients = 10_000

func newLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{now: now, burst: float64(burst), every: every, order: list.New(), byIP: map[string]*list.Element{}}
}

// retryAfter is zero while ip may still try, else the wait (whole seconds,
// for a Retry-After header) until its next attempt.
func (l *limiter) retryAfter(ip string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.byIP[ip]
	if !ok {
		return 0
	}
	level := l.level(e.Value.(*bucket))
	if level >= 1 {
		return 0
	}
	wait := time.Duration((1 - level) * float64(l.every))
	return (wait + time.Second - 1).Truncate(time.Second)
}

// fail takes one token from ip's bucket.
func (l *limiter) fail(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.byIP[ip]
	if !ok {
		if l.order.Len() >= maxClients {
			oldest := l.order.Back()
			l.order.Remove(oldest)
			delete(l.byIP, oldest.Value.(*bucket).ip)
		}
		e = l.order.PushFront(&bucket{ip: ip, tokens: l.burst, at: l.now()})
		l.byIP[ip] = e
	}
	b := e.Value.(*bucket)
	b.tokens, b.at = l.level(b)-1, l.now()
	l.order.MoveToFront(e)
}

// level is the bucket's tokens after refilling for the time since its last failure.
func (l *limiter) level(b *bucket) float64 {
	return min(l.burst, b.tokens+float64(l.now().Sub(b.at))/float64(l.every))
}

package auth

import (
	"strconv"
	"testing"
	"time"
)

func TestLimiterForgetsTheLeastRecentClient(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	l := newLimiter(1, time.Minute, func() time.Time { return now })
	l.fail("first")
	for i := range maxClients - 1 {
		l.fail(strconv.Itoa(i))
	}
	l.fail("first") // refreshes "first", so "0" is now the least recent
	l.fail("overflow")
	if len(l.byIP) != maxClients || l.order.Len() != maxClients {
		t.Fatalf("remembers %d/%d clients, want %d", len(l.byIP), l.order.Len(), maxClients)
	}
	if _, ok := l.byIP["0"]; ok {
		t.Fatal("kept the least recent client")
	}
	for _, ip := range []string{"first", "overflow"} {
		if l.retryAfter(ip) == 0 {
			t.Fatalf("forgot the recent client %s", ip)
		}
	}
}

package faults

import (
	"sync"
	"time"
)

// ack is one acknowledged command: what the server answered with a 2xx.
type ack struct {
	key      string
	kind     string // submit, note, accept
	caseID   string
	revision uint64
	events   []string
	sentAt   time.Time // when the attempt that succeeded was sent
	at       time.Time // when its answer arrived
}

// ledger records every command the load sent and every answer it was given.
type ledger struct {
	mu      sync.Mutex
	issued  map[string]string // key → kind, acknowledged or not
	acks    []ack
	refused map[string]string // key → the 4xx no retry can fix; the load never sends such a command
}

func newLedger() *ledger { return &ledger{issued: map[string]string{}, refused: map[string]string{}} }

func (l *ledger) issue(key, kind string) {
	l.mu.Lock()
	l.issued[key] = kind
	l.mu.Unlock()
}

func (l *ledger) acknowledge(a ack) {
	l.mu.Lock()
	l.acks = append(l.acks, a)
	l.mu.Unlock()
}

func (l *ledger) refuse(key, why string) {
	l.mu.Lock()
	l.refused[key] = why
	l.mu.Unlock()
}

// acked is a copy of the acknowledgements so far.
func (l *ledger) acked() []ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ack(nil), l.acks...)
}

// recovery is how long after a fault at t the first command sent after t was acknowledged;
// ok is false while none has been.
func (l *ledger) recovery(t time.Time) (d time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range l.acks {
		if !a.sentAt.Before(t) && (!ok || a.at.Sub(t) < d) {
			d, ok = a.at.Sub(t), true
		}
	}
	return d, ok
}

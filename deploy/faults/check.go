package faults

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// verdict is what the checker found after one scenario.
type verdict struct {
	acknowledged int
	lost         int // acknowledged commands whose events are not in the case's history as answered
	duplicated   int // commands whose events are in the store more than once
	problems     []string
}

func (v *verdict) problem(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// judge holds the ledger against the streams: every acknowledged command's events are in its
// case's history exactly once, as answered; no command's events are there twice; every
// stream's revisions run 0, 1, 2… without a gap.
func judge(l *ledger, streams map[string][]eventstore.RecordedEvent) verdict {
	var v verdict
	byKey := map[string][]eventstore.RecordedEvent{}
	for stream, evs := range streams {
		for i, e := range evs {
			if e.Revision != uint64(i) {
				v.problem("%s: event %d has revision %d", stream, i, e.Revision)
				break
			}
		}
		for _, e := range evs {
			byKey[e.Metadata.RequestID] = append(byKey[e.Metadata.RequestID], e)
		}
	}
	acks := l.acked()
	v.acknowledged = len(acks)
	answered := map[string]bool{}
	for _, a := range acks {
		answered[a.key] = true
		// The answer's events end at its revision; a second run of the command is the
		// duplicate check's business, not this one's.
		want := cases.StreamPrefix + a.caseID
		first := a.revision + 1 - uint64(len(a.events))
		var types []string
		for _, e := range byKey[a.key] {
			if e.Stream == want && e.Revision >= first && e.Revision <= a.revision {
				types = append(types, e.Type)
			}
		}
		if !slices.Equal(types, a.events) {
			v.lost++
			v.problem("lost: %s %s answered %v at revisions %d–%d of %s; the store has %v there",
				a.kind, a.key, a.events, first, a.revision, want, types)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for key, kind := range l.issued {
		if evs := byKey[key]; appendedTwice(evs) {
			v.duplicated++
			var where []string
			for _, e := range evs {
				where = append(where, fmt.Sprintf("%s@%d %s", e.Stream, e.Revision, e.Type))
			}
			v.problem("duplicated: %s %s ran more than once: %s", kind, key, strings.Join(where, ", "))
		}
		if why, ok := l.refused[key]; ok {
			v.problem("refused: %s", why)
		} else if !answered[key] {
			v.problem("never acknowledged: %s %s was retried until the load's drain ended", kind, key)
		}
	}
	return v
}

// appendedTwice tells whether the events of one command came from more than one append: they
// are spread over several streams, or one event type occurs twice (no command of the load
// appends two events of one type).
func appendedTwice(evs []eventstore.RecordedEvent) bool {
	seen := map[string]bool{}
	for _, e := range evs {
		k := e.Stream + " " + e.Type
		if seen[k] || e.Stream != evs[0].Stream {
			return true
		}
		seen[k] = true
	}
	return false
}

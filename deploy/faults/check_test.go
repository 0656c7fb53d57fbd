package faults

import (
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

// history builds a case stream whose events carry the given request ids (the load's keys).
func history(caseID string, keysAndTypes ...string) []eventstore.RecordedEvent {
	var out []eventstore.RecordedEvent
	for i := 0; i+1 < len(keysAndTypes); i += 2 {
		out = append(out, eventstore.RecordedEvent{Stream: "case-" + caseID, Revision: uint64(len(out)),
			Type: keysAndTypes[i+1], Metadata: eventstore.Metadata{RequestID: keysAndTypes[i]}})
	}
	return out
}

const (
	submitted = "case.Submitted.v1"
	noted     = "case.NoteAdded.v1"
)

func TestJudge(t *testing.T) {
	acked := func(l *ledger, key, kind, caseID string, revision uint64, events ...string) {
		l.issue(key, kind)
		l.acknowledge(ack{key: key, kind: kind, caseID: caseID, revision: revision, events: events})
	}
	cases := []struct {
		name        string
		ledger      func(*ledger)
		streams     map[string][]eventstore.RecordedEvent
		lost, dup   int
		wantProblem string // a finding that must be reported; "" for none at all
	}{
		{
			name:    "finds nothing wrong when every answer is in the history once",
			ledger:  func(l *ledger) { acked(l, "k1", "submit", "a", 0, submitted); acked(l, "k2", "note", "a", 1, noted) },
			streams: map[string][]eventstore.RecordedEvent{"case-a": history("a", "k1", submitted, "k2", noted)},
		},
		{
			name:        "counts a submit that opened two cases as duplicated",
			ledger:      func(l *ledger) { acked(l, "k1", "submit", "b", 0, submitted) },
			streams:     map[string][]eventstore.RecordedEvent{"case-a": history("a", "k1", submitted), "case-b": history("b", "k1", submitted)},
			dup:         1,
			wantProblem: "duplicated: submit k1",
		},
		{
			name:        "counts a note added twice as duplicated, not lost",
			ledger:      func(l *ledger) { acked(l, "k1", "submit", "a", 0, submitted); acked(l, "k2", "note", "a", 2, noted) },
			streams:     map[string][]eventstore.RecordedEvent{"case-a": history("a", "k1", submitted, "k2", noted, "k2", noted)},
			dup:         1,
			wantProblem: "duplicated: note k2",
		},
		{
			name:        "counts an acknowledged note missing from the history as lost",
			ledger:      func(l *ledger) { acked(l, "k1", "submit", "a", 0, submitted); acked(l, "k2", "note", "a", 1, noted) },
			streams:     map[string][]eventstore.RecordedEvent{"case-a": history("a", "k1", submitted)},
			lost:        1,
			wantProblem: "lost: note k2",
		},
		{
			name:        "reports a gap in a stream's revisions",
			ledger:      func(l *ledger) { acked(l, "k1", "submit", "a", 0, submitted) },
			streams:     map[string][]eventstore.RecordedEvent{"case-a": {history("a", "k1", submitted)[0], {Stream: "case-a", Revision: 2, Type: noted}}},
			wantProblem: "case-a: event 1 has revision 2",
		},
		{
			name:        "reports a command its client never had answered",
			ledger:      func(l *ledger) { l.issue("k1", "submit") },
			streams:     map[string][]eventstore.RecordedEvent{},
			wantProblem: "never acknowledged: submit k1",
		},
		{
			name:        "reports a command refused on retry",
			ledger:      func(l *ledger) { l.issue("k1", "accept"); l.refuse("k1", "accept k1: 422") },
			streams:     map[string][]eventstore.RecordedEvent{},
			wantProblem: "refused: accept k1: 422",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newLedger()
			c.ledger(l)
			v := judge(l, c.streams)
			if v.lost != c.lost || v.duplicated != c.dup {
				t.Errorf("lost %d, duplicated %d; want %d, %d", v.lost, v.duplicated, c.lost, c.dup)
			}
			found := strings.Join(v.problems, "\n")
			if c.wantProblem == "" && found != "" || !strings.Contains(found, c.wantProblem) {
				t.Errorf("findings:\n%s\nwant one containing %q", found, c.wantProblem)
			}
		})
	}
}

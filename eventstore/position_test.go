package eventstore_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

func TestPositionCompareIsLexicographic(t *testing.T) {
	tests := []struct {
		name string
		p, q eventstore.Position
		want int
	}{
		{"equal", eventstore.Position{Commit: 5, Prepare: 2}, eventstore.Position{Commit: 5, Prepare: 2}, 0},
		{"commit decides first", eventstore.Position{Commit: 4, Prepare: 9}, eventstore.Position{Commit: 5, Prepare: 1}, -1},
		{"prepare breaks a tie", eventstore.Position{Commit: 5, Prepare: 3}, eventstore.Position{Commit: 5, Prepare: 2}, 1},
		{"zero is before everything", eventstore.Position{}, eventstore.Position{Prepare: 1}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Compare(tt.q); got != tt.want {
				t.Fatalf("%s.Compare(%s) = %d, want %d", tt.p, tt.q, got, tt.want)
			}
			if got := tt.q.Compare(tt.p); got != -tt.want {
				t.Fatalf("%s.Compare(%s) = %d, want %d", tt.q, tt.p, got, -tt.want)
			}
		})
	}
}

func TestPositionTokenRoundTrips(t *testing.T) {
	for _, p := range []eventstore.Position{{}, {Commit: 1, Prepare: 2}, {Commit: 1<<64 - 1, Prepare: 1<<64 - 1}} {
		got, err := eventstore.ParsePosition(p.String())
		if err != nil || got != p {
			t.Fatalf("ParsePosition(%q) = %v, %v; want %v", p.String(), got, err, p)
		}
	}
}

func TestParsePositionRejectsBadTokens(t *testing.T) {
	for _, token := range []string{"", "12", "a.1", "1.b", "-1.2", "1.2.3"} {
		if _, err := eventstore.ParsePosition(token); err == nil {
			t.Fatalf("ParsePosition(%q) accepted a bad token", token)
		}
	}
}

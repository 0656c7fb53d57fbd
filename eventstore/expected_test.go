package eventstore_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

func TestExpectedRevisionAllows(t *testing.T) {
	tests := []struct {
		name     string
		expected eventstore.ExpectedRevision
		current  int64 // -1: no stream
		want     bool
	}{
		{"any on a missing stream", eventstore.Any, -1, true},
		{"any on an existing stream", eventstore.Any, 3, true},
		{"no stream on a missing stream", eventstore.NoStream, -1, true},
		{"no stream on an existing stream", eventstore.NoStream, 0, false},
		{"exact match", eventstore.Exact(3), 3, true},
		{"exact behind", eventstore.Exact(2), 3, false},
		{"exact 0 on a missing stream", eventstore.Exact(0), -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.expected.Allows(tt.current); got != tt.want {
				t.Fatalf("%s.Allows(%d) = %v, want %v", tt.expected, tt.current, got, tt.want)
			}
		})
	}
}

func TestExpectedRevisionAccessors(t *testing.T) {
	if r, ok := eventstore.Exact(7).Revision(); !ok || r != 7 {
		t.Fatalf("Exact(7).Revision() = %d, %v", r, ok)
	}
	if _, ok := eventstore.Any.Revision(); ok || !eventstore.Any.IsAny() || eventstore.Any.IsNoStream() {
		t.Fatal("Any misreports itself")
	}
	if !eventstore.NoStream.IsNoStream() || eventstore.NoStream.IsAny() {
		t.Fatal("NoStream misreports itself")
	}
}

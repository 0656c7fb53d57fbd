package eventstore_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

func TestTypedErrorsMatchTheirSentinelsWhenWrapped(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		sentinel error
	}{
		{"conflict", &eventstore.ConflictError{Stream: "case-1", Expected: eventstore.Exact(1), Actual: 3}, eventstore.ErrConflict},
		{"not found", &eventstore.StreamNotFoundError{Stream: "case-1"}, eventstore.ErrStreamNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wrapped := fmt.Errorf("handler: %w", tt.err)
			if !errors.Is(wrapped, tt.sentinel) {
				t.Fatalf("%v does not match %v", wrapped, tt.sentinel)
			}
			if errors.Is(wrapped, eventstore.ErrUnavailable) {
				t.Fatalf("%v matches ErrUnavailable", wrapped)
			}
		})
	}
}

func TestConflictErrorSaysWhatWasFound(t *testing.T) {
	tests := []struct {
		err  eventstore.ConflictError
		want string
	}{
		{eventstore.ConflictError{Stream: "s", Expected: eventstore.Exact(1), Actual: 3}, `stream "s": expected revision 1, found revision 3`},
		{eventstore.ConflictError{Stream: "s", Expected: eventstore.Exact(0), Actual: -1}, `stream "s": expected revision 0, found no stream`},
		{eventstore.ConflictError{Stream: "s", Expected: eventstore.NoStream, Actual: 0}, `stream "s": expected no stream, found revision 0`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Fatalf("Error() = %q, want %q", got, tt.want)
		}
	}
}

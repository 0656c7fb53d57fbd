package eventstore

import (
	"errors"
	"fmt"
)

// Sentinels for errors.Is; the typed errors below carry the details and match them.
var (
	ErrConflict       = errors.New("eventstore: wrong expected revision")
	ErrStreamNotFound = errors.New("eventstore: stream not found")
	ErrStreamDeleted  = errors.New("eventstore: stream deleted")
	ErrUnavailable    = errors.New("eventstore: store unavailable")
)

// ConflictError says an append's expected revision did not match the stream.
type ConflictError struct {
	Stream   string
	Expected ExpectedRevision
	Actual   int64 // last revision of the stream, -1 when it does not exist
}

func (e *ConflictError) Error() string {
	actual := "no stream"
	if e.Actual >= 0 {
		actual = fmt.Sprintf("revision %d", e.Actual)
	}
	return fmt.Sprintf("stream %q: expected %s, found %s", e.Stream, e.Expected, actual)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// StreamNotFoundError says a stream has never been written.
type StreamNotFoundError struct{ Stream string }

func (e *StreamNotFoundError) Error() string { return fmt.Sprintf("stream %q not found", e.Stream) }

// Is makes errors.Is(err, ErrStreamNotFound) true.
func (e *StreamNotFoundError) Is(target error) bool { return target == ErrStreamNotFound }

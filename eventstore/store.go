// Package eventstore is the port through which Shafaf keeps every action as an immutable event.
// Adapters (PostgreSQL, EventStoreDB) live in sub-packages and all pass the conformance suite in
// eventstore/storetest, so the rest of the product never knows which one it runs on.
package eventstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Store is what the application and the projectors need from an event store.
type Store interface {
	// Append writes events to the end of stream if its current revision matches expected.
	// Retrying the same append (same event ids, same expected revision) returns the original
	// result and writes nothing twice.
	Append(ctx context.Context, stream string, expected ExpectedRevision, events ...EventData) (AppendResult, error)
	// ReadStream returns the events of stream with revision >= from, oldest first, at most limit
	// (limit <= 0 means all). A stream that has never been written answers *StreamNotFoundError.
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]RecordedEvent, error)
	// ReadAll returns events strictly after position `after`, in global order, that match filter,
	// at most limit (limit <= 0 means a store-chosen batch size). The zero Position means the start.
	ReadAll(ctx context.Context, after Position, filter Filter, limit int) ([]RecordedEvent, error)
	// Subscribe delivers every event after `after` that matches filter, catch-up first and then
	// live, in global order, until ctx ends or the subscription is closed.
	Subscribe(ctx context.Context, after Position, filter Filter) (Subscription, error)
	// Head is the position of the newest event in the log (the zero Position for an empty log).
	Head(ctx context.Context) (Position, error)
	// Close releases the store's connections.
	Close() error
}

// Subscription is a live feed of events opened by Store.Subscribe.
type Subscription interface {
	// Recv waits for the next message. A ctx that ends returns ctx.Err() and leaves the
	// subscription usable; any other error means the subscription is over.
	Recv(ctx context.Context) (SubscriptionMessage, error)
	// Close ends the subscription and frees its resources. It is safe to call more than once.
	Close() error
}

// SubscriptionMessage is exactly one of: an event, a checkpoint (the log moved on to Checkpoint
// without an event matching the filter, so a consumer may store it), or the catch-up signal.
type SubscriptionMessage struct {
	Event      *RecordedEvent
	Checkpoint *Position
	CaughtUp   bool
}

// EventData is an event proposed for appending. ID is chosen by the caller so retries are safe.
type EventData struct {
	ID       uuid.UUID
	Type     string
	Data     json.RawMessage
	Metadata Metadata
}

// RecordedEvent is an event as the store keeps it.
type RecordedEvent struct {
	ID         uuid.UUID
	Stream     string
	Revision   uint64 // 0-based position inside the stream
	Position   Position
	Type       string // explicit versioned name, e.g. "case.Submitted.v1"
	Data       json.RawMessage
	Metadata   Metadata
	RecordedAt time.Time
}

// Metadata says who caused an event and as part of which request. It never holds personal data.
type Metadata struct {
	ActorID       string `json:"actor_id,omitempty"`
	ActorRole     string `json:"actor_role,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
	CausationID   string `json:"causation_id,omitempty"`
	RequestID     string `json:"request_id,omitempty"`
	// FirstRecordedAt is set only on events copied from another store (eventcopy), so that the
	// time an event was first recorded survives a move to a store that stamps its own time.
	FirstRecordedAt *time.Time `json:"first_recorded_at,omitempty"`
}

// RecordedTime is when an event was first recorded: the copied-in original time when there is
// one, else the time the store stamped. Adapters fill RecordedEvent.RecordedAt with it.
func (m Metadata) RecordedTime(stamped time.Time) time.Time {
	if m.FirstRecordedAt != nil {
		return m.FirstRecordedAt.UTC()
	}
	return stamped
}

// AppendResult is where an append landed.
type AppendResult struct {
	LastRevision uint64   // revision of the last event written
	Position     Position // global position of the last event written
}

// Filter selects events from the global log. The empty Filter selects every event of the
// product (system events of a store never reach consumers).
type Filter struct {
	StreamPrefixes    []string // any of these stream-name prefixes
	EventTypePrefixes []string // any of these event-type prefixes
}

// Matches reports whether the event passes the filter.
func (f Filter) Matches(stream, eventType string) bool {
	return matchesAny(f.StreamPrefixes, stream) && matchesAny(f.EventTypePrefixes, eventType)
}

func matchesAny(prefixes []string, s string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

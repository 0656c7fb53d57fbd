package tlog

import (
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Record is a stored event with every field its leaf commits to, as the API hands it to a
// verifier. Data travels as base64 of the stored bytes: a JSON encoder would re-escape them,
// and the leaf commits to the bytes.
type Record struct {
	ID         uuid.UUID           `json:"id"`
	Stream     string              `json:"stream"`
	Revision   uint64              `json:"revision"`
	Type       string              `json:"type"`
	RecordedAt time.Time           `json:"recorded_at"`
	Metadata   eventstore.Metadata `json:"metadata"`
	Data       []byte              `json:"data"`
}

// RecordOf is rec as a Record.
func RecordOf(rec eventstore.RecordedEvent) Record {
	return Record{ID: rec.ID, Stream: rec.Stream, Revision: rec.Revision, Type: rec.Type,
		RecordedAt: rec.RecordedAt, Metadata: rec.Metadata, Data: rec.Data}
}

// Event is the record as the event whose leaf it is.
func (r Record) Event() eventstore.RecordedEvent {
	return eventstore.RecordedEvent{ID: r.ID, Stream: r.Stream, Revision: r.Revision, Type: r.Type,
		RecordedAt: r.RecordedAt, Metadata: r.Metadata, Data: r.Data}
}

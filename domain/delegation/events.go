// Package delegation is an official's delegation of their assigned cases to a colleague for a
// period (leave, a course, illness): recorded and revoked as events of the official's own
// stream, so who could act on a case on a given day stays on record. While a delegation is in
// force the delegate reaches the delegator's cases (access.Actor.ActingFor) and sees them in
// their queue; the cases' assignment itself never changes, so they return when it ends.
package delegation

import (
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
)

// StreamPrefix starts every delegation stream: one per delegating official.
const StreamPrefix = "delegation-"

// StreamName is the stream of official's delegations.
func StreamName(official string) string { return StreamPrefix + official }

// Event names, stable forever.
const (
	TypeRecorded = "delegation.Recorded.v1"
	TypeRevoked  = "delegation.Revoked.v1"
)

// Recorded puts From's assigned cases in To's hands from Starts until Ends.
type Recorded struct {
	ID     uuid.UUID `json:"id"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Starts time.Time `json:"starts"`
	Ends   time.Time `json:"ends"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Revoked ends a delegation early, or cancels one not yet begun.
type Revoked struct {
	ID     uuid.UUID `json:"id"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

func (*Recorded) EventType() string { return TypeRecorded }
func (*Revoked) EventType() string  { return TypeRevoked }

func (e *Recorded) OccurredAt() time.Time { return e.At }
func (e *Revoked) OccurredAt() time.Time  { return e.At }

// NewRegistry decodes stored delegation events.
func NewRegistry() (*domain.Registry, error) {
	return domain.NewRegistry(
		func() domain.Event { return &Recorded{} },
		func() domain.Event { return &Revoked{} },
	)
}

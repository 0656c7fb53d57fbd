package cases

import (
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
)

// Status is where a case stands in its lifecycle.
type Status string

// Case statuses.
const (
	StatusNone      Status = ""
	StatusSubmitted Status = "submitted"
	StatusInReview  Status = "in_review"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
)

// Outcome is the verdict of a decision.
type Outcome string

// Decision outcomes.
const (
	OutcomeApprove Outcome = "approve"
	OutcomeReject  Outcome = "reject"
)

// State is everything a decision needs to know about a case, folded from its events.
type State struct {
	ID               uuid.UUID
	Status           Status
	Service          string
	CatalogueVersion string
	District         string
	SubmittedAt      time.Time
	DecidedAt        time.Time
	Outcome          Outcome
}

// Exists reports whether the case has been submitted.
func (s State) Exists() bool { return s.Status != StatusNone }

// Evolve applies one event to the state. Events are facts: Evolve never refuses one.
func Evolve(s State, ev domain.Event) State {
	switch e := ev.(type) {
	case *Submitted:
		s.ID, s.Status, s.Service = e.CaseID, StatusSubmitted, e.Service
		s.CatalogueVersion, s.District, s.SubmittedAt = e.CatalogueVersion, e.District, e.At
	case *IntakeAccepted:
		s.Status = StatusInReview
	case *Decided:
		s.DecidedAt, s.Outcome = e.At, e.Outcome
		s.Status = StatusRejected
		if e.Outcome == OutcomeApprove {
			s.Status = StatusApproved
		}
	}
	return s
}

// Fold replays a history from the empty state.
func Fold(events []domain.Event) State {
	var s State
	for _, e := range events {
		s = Evolve(s, e)
	}
	return s
}

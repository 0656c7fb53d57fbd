package cases

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain"
)

// Evolve applies one event to the state. Events are facts: Evolve never refuses one. Where the
// case stands (Progress) moves by Progress.Evolve, the one rule read models share.
func Evolve(s State, ev domain.Event) State {
	s.Progress = s.Progress.Evolve(ev)
	switch e := ev.(type) {
	case *Submitted:
		s.ID, s.Service, s.CatalogueVersion = e.CaseID, e.Service, e.CatalogueVersion
		s.District, s.Plot, s.SubmittedAt, s.Deadline = e.District, e.Plot, e.At, e.Deadline
		s.TrackingNumber = e.TrackingNumber
	case *IntakeAccepted:
		s.IntakeAccepted = true
	case *DocumentsRequested:
		s.Requested, s.requestedAt = nil, e.At
		for _, r := range e.Requests {
			s.Requested = append(s.Requested, r.Document)
		}
	case *DocumentsProvided:
		s.Requested = nil
	case *Assigned:
		s.Assignee, s.Department = e.Assignee, e.Department
	case *DeadlineExtended:
		s.ExtensionDays += e.Days
	case *DocumentAttached:
		s.Documents = append(slices.Clip(s.Documents), *e)
	default:
		s = evolveWork(s, ev)
	}
	return s
}

// evolveWork applies the rest of the events of inspection, commission, decision and outcome.
func evolveWork(s State, ev domain.Event) State {
	switch e := ev.(type) {
	case *InspectionScheduled:
		s.Inspection.Scheduled = true
	case *InspectionRecorded:
		s.Inspection = InspectionState{Recorded: true, ViolationFound: e.ViolationFound}
	case *ReviewRecorded:
		s.Reviewed = true
	case *ReferredToCommission:
		s.Commission = CommissionState{Commission: e.Commission, Pending: true}
	case *CommissionRuled:
		s.Commission.Pending, s.Commission.Ruled, s.Commission.Outcome = false, true, e.Outcome
	case *Decided:
		s.DecidedAt = e.At
	case *Issued:
		s.Issued = IssuedState{Number: e.Number, VerificationCode: e.VerificationCode, ValidUntil: e.ValidUntil}
	case *Renewed:
		until := e.ValidUntil
		s.Issued.ValidUntil = &until
	default:
		s.Violation = evolveViolation(s.Violation, ev)
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

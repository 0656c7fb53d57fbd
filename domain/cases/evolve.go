package cases

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// Evolve applies one event to the state. Events are facts: Evolve never refuses one.
func Evolve(s State, ev domain.Event) State {
	switch e := ev.(type) {
	case *Submitted:
		s.ID, s.Service, s.Flow, s.CatalogueVersion = e.CaseID, e.Service, e.Flow, e.CatalogueVersion
		s.District, s.Plot, s.SubmittedAt, s.Deadline, s.DueAt = e.District, e.Plot, e.At, e.Deadline, e.DueAt
		s.Clock = Clock{Since: e.At}
		s.Status = StatusSubmitted
		if e.Flow == catalogue.FlowViolation {
			s.Status = StatusReported
		}
	case *IntakeAccepted:
		s.Status, s.IntakeAccepted = StatusInReview, true
	case *DocumentsRequested:
		s.resumeStatus, s.Status = s.Status, StatusReturnedForDocuments
		s.Requested = nil
		for _, r := range e.Requests {
			s.Requested = append(s.Requested, r.Document)
		}
		s.Clock = Clock{Paused: true, Since: e.At, StaffDays: s.Clock.StaffDays + e.StaffWorkingDays, ApplicantDays: s.Clock.ApplicantDays}
	case *DocumentsProvided:
		s.Status, s.Requested, s.DueAt = s.resumeStatus, nil, e.DueAt
		s.Clock = Clock{Since: e.At, StaffDays: s.Clock.StaffDays, ApplicantDays: s.Clock.ApplicantDays + e.PausedWorkingDays}
	case *Assigned:
		s.Assignee, s.Department = e.Assignee, e.Department
	case *DeadlineExtended:
		s.ExtensionDays, s.DueAt = s.ExtensionDays+e.Days, e.DueAt
	case *DocumentAttached:
		s.Documents = append(slices.Clip(s.Documents), *e)
	case *NoteAdded, *DocumentDownloaded:
	default:
		s = evolveWork(s, ev)
	}
	return s
}

// evolveWork applies the events of inspection, commission, money and decision.
func evolveWork(s State, ev domain.Event) State {
	switch e := ev.(type) {
	case *InspectionScheduled:
		s.Inspection.Scheduled = true
		s.Status = applicationStatus(s, StatusInspectionScheduled)
	case *InspectionRecorded:
		s.Inspection = InspectionState{Recorded: true, ViolationFound: e.ViolationFound}
		s.Status = applicationStatus(s, StatusInspected)
	case *ReviewRecorded:
		s.Reviewed = true
	case *ReferredToCommission:
		s.Commission = CommissionState{Commission: e.Commission, Pending: true}
		s.resumeStatus, s.Status = s.Status, StatusInCommission
	case *CommissionRuled:
		s.Commission.Pending, s.Commission.Ruled, s.Commission.Outcome = false, true, e.Outcome
		s.Status = s.resumeStatus
	case *FeeAssessed:
		s.Money.Assessed, s.Money.FeeTotal = true, e.Assessment.Total
		s.Status = moneyStatus(s)
	case *FeeWaived:
		s.Money.Waived += e.Rials
		s.Status = moneyStatus(s)
	case *PaymentRecorded:
		s.Money.Paid = e.PaidTotal
		s.Money.References = append(slices.Clone(s.Money.References), e.Reference)
		s.Status = moneyStatus(s)
	case *Decided:
		s.DecidedAt, s.Outcome = e.At, e.Outcome
		s.closedFrom, s.Status = s.Status, StatusRejected
		if e.Outcome == OutcomeApprove {
			s.Status = StatusApproved
		}
	default:
		s = evolveOutcome(s, ev)
	}
	return s
}

// applicationStatus moves an application's status; a violation keeps its own.
func applicationStatus(s State, to Status) Status {
	if s.Flow == catalogue.FlowViolation {
		return s.Status
	}
	return to
}

// moneyStatus shows payment progress on an application still in review; later statuses
// (approved, a violation's enforcement) say more and stay.
func moneyStatus(s State) Status {
	if s.Flow == catalogue.FlowViolation || s.Outcome != "" || s.issued() {
		return s.Status
	}
	if s.Money.Outstanding() > 0 {
		return StatusAwaitingPayment
	}
	return StatusPaid
}

// Fold replays a history from the empty state.
func Fold(events []domain.Event) State {
	var s State
	for _, e := range events {
		s = Evolve(s, e)
	}
	return s
}

package cases

import (
	"slices"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// Progress is the part of a case's state every list of cases shows: its status, whom it waits
// on, its legal due date and clock, its money. The aggregate folds it with the rest of its
// state; read models keep it per case and fold it with the same Evolve, so a list can never
// say something else than the case. It is stored as JSON by read models: keep fields additive.
type Progress struct {
	Flow    catalogue.Flow `json:"flow"`
	Status  Status         `json:"status"`
	DueAt   time.Time      `json:"due_at"`
	Clock   Clock          `json:"clock"`
	Money   Money          `json:"money"`
	Outcome Outcome        `json:"outcome,omitempty"`
	// Resume is where the case goes back to when documents arrive or a commission rules;
	// ClosedFrom is where it goes back to when reopened.
	Resume     Status `json:"resume,omitempty"`
	ClosedFrom Status `json:"closed_from,omitempty"`
}

// WaitingOn is whom the case waits on, as its status says.
func (p Progress) WaitingOn() lifecycle.Party { return p.Status.WaitsOn() }

// Evolve applies one event to the progress; events that do not move it leave it as it is.
func (p Progress) Evolve(ev domain.Event) Progress {
	p = p.evolve(ev)
	p.Money.Bill = p.Money.rebilled()
	if t, ok := ev.(timed); ok && t.timing().Clock != nil {
		p = p.step(*t.timing().Clock)
	}
	return p
}

func (p Progress) evolve(ev domain.Event) Progress {
	switch e := ev.(type) {
	case *Submitted:
		p = Progress{Flow: e.Flow, Status: StatusSubmitted, DueAt: e.DueAt, Clock: Clock{Since: e.At}}
		if e.Flow == catalogue.FlowViolation {
			p.Status = StatusReported
		}
	case *IntakeAccepted:
		p.Status = StatusInReview
	case *DocumentsRequested:
		p.Resume, p.Status = p.Status, StatusReturnedForDocuments
		if !p.Clock.Paused { // else the applicant's wait (for a fee) goes on
			p.Clock = Clock{Paused: true, Since: e.At, StaffDays: p.Clock.StaffDays + e.StaffWorkingDays, ApplicantDays: p.Clock.ApplicantDays}
		}
	case *DocumentsProvided:
		p.Status, p.DueAt = p.Resume, e.DueAt
		p.Clock = Clock{Since: e.At, StaffDays: p.Clock.StaffDays, ApplicantDays: p.Clock.ApplicantDays + e.PausedWorkingDays}
	case *DeadlineExtended:
		p.DueAt = e.DueAt
	case *InspectionScheduled:
		p.Status = p.applicationStatus(StatusInspectionScheduled)
	case *InspectionRecorded:
		p.Status = p.applicationStatus(StatusInspected)
	case *ReferredToCommission:
		p.Resume, p.Status = p.Status, StatusInCommission
	case *CommissionRuled:
		p.Status = p.Resume
	case *Decided:
		p.Outcome, p.ClosedFrom, p.Status = e.Outcome, p.Status, StatusRejected
		if e.Outcome == OutcomeApprove {
			p.Status = StatusApproved
		}
	default:
		return p.evolveMoney(ev)
	}
	return p
}

// evolveMoney applies the events of fees and payments.
func (p Progress) evolveMoney(ev domain.Event) Progress {
	switch e := ev.(type) {
	case *FeeAssessed:
		p.Money.Assessed, p.Money.FeeTotal, p.Money.Bill = true, e.Assessment.Total, e.Bill
		p.Status = p.moneyStatus()
	case *FeeWaived:
		p.Money.Waived += e.Rials
		p.Status = p.moneyStatus()
	case *PaymentRecorded:
		p.Money.Paid = e.PaidTotal
		p.Money.References = append(slices.Clone(p.Money.References), e.Reference)
		if e.Bill != nil {
			p.Money.Settled = append(slices.Clone(p.Money.Settled), settledKey(*e.Bill))
		}
		p.Status = p.moneyStatus()
	case *PaymentRefundDue:
		p.Money.RefundDue += e.Rials
		p.Money.References = append(slices.Clone(p.Money.References), e.Reference)
	default:
		return p.evolveOutcome(ev)
	}
	return p
}

// evolveOutcome applies the events that issue, close and reopen a case, and a violation's steps.
func (p Progress) evolveOutcome(ev domain.Event) Progress {
	switch e := ev.(type) {
	case *Issued, *Renewed:
		p.Status = StatusIssued
	case *Expired:
		p.Status = StatusExpired
	case *Revoked:
		p.ClosedFrom, p.Status = p.Status, StatusRevoked
	case *Withdrawn:
		p.ClosedFrom, p.Status = p.Status, StatusWithdrawn
	case *Cancelled:
		p.ClosedFrom, p.Status = p.Status, StatusCancelled
	case *Closed:
		p.ClosedFrom, p.Status = p.Status, StatusClosed
	case *Reopened:
		if p.Status == StatusRejected {
			p.Outcome = ""
		}
		p.Status = e.Status
		if now, ok := renamed[e.Status]; ok {
			p.Status = now
		}
	case *NoticeServed:
		p.Status = StatusNoticeServed
	case *DefenceFiled:
		p.Status = StatusDefenceFiled
	case *FirstInstanceRuled:
		p.Money.Fine, p.Status = e.Ruling.FineRials, StatusFirstInstanceRuled
	case *AppealFiled:
		p.Status = StatusAppealFiled
	case *AppealRuled:
		p.Money.Fine, p.Status = e.Ruling.FineRials, StatusAppealRuled
	case *EnforcementStarted:
		p.Status = StatusEnforcement
	}
	return p
}

// applicationStatus moves an application's status; a violation keeps its own.
func (p Progress) applicationStatus(to Status) Status {
	if p.Flow == catalogue.FlowViolation {
		return p.Status
	}
	return to
}

// moneyStatus shows payment progress on an application still in review; later statuses
// (a decision, the document issued, a violation's own) say more and stay.
func (p Progress) moneyStatus() Status {
	if p.Flow == catalogue.FlowViolation || p.Outcome != "" || p.issued() {
		return p.Status
	}
	if p.Money.Outstanding() > 0 {
		return StatusAwaitingPayment
	}
	return StatusPaid
}

// issued reports whether the case's document has been issued (and perhaps has expired since).
func (p Progress) issued() bool { return p.Status == StatusIssued || p.Status == StatusExpired }

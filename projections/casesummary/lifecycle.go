package casesummary

import (
	"errors"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// errNoResumeStatus is a resume with nothing to resume to: status may not be NULL, so the
// event is parked, as the SQL that set status = resume_status had it.
var errNoResumeStatus = errors.New("no status to resume: resume_status is NULL")

// lifecycle applies the events after submission, intake and decision.
func (r *row) lifecycle(ev domain.Event) error {
	switch e := ev.(type) {
	case *cases.DocumentsRequested:
		r.ResumeStatus, r.Status = ptr(r.Status), string(cases.StatusReturnedForDocuments)
		r.WaitingOn, r.StaffDays = cases.WaitingOnApplicant, r.StaffDays+e.StaffWorkingDays
	case *cases.DocumentsProvided:
		if err := r.resume(); err != nil {
			return err
		}
		r.WaitingOn, r.DaysPaused, r.DueAt = cases.WaitingOnStaff, r.DaysPaused+e.PausedWorkingDays, ptr(e.DueAt)
	case *cases.Assigned:
		r.Assignee, r.Department = ptr(e.Assignee), ptr(e.Department)
	case *cases.InspectionScheduled:
		r.applicationStatus(cases.StatusInspectionScheduled)
	case *cases.InspectionRecorded:
		r.applicationStatus(cases.StatusInspected)
	case *cases.ReferredToCommission:
		r.ResumeStatus, r.Status = ptr(r.Status), string(cases.StatusInCommission)
	case *cases.CommissionRuled:
		return r.resume()
	case *cases.FeeAssessed:
		r.FeeTotal = e.Assessment.Total
		r.moneyStatus()
	case *cases.FeeWaived:
		r.FeeWaived += e.Rials
		r.moneyStatus()
	case *cases.PaymentRecorded:
		r.FeePaid = e.PaidTotal
		r.moneyStatus()
	case *cases.Issued:
		r.Status, r.CertificateNumber = string(cases.StatusIssued), ptr(e.Number)
		r.ValidUntil = nil
		if e.ValidUntil != nil {
			r.ValidUntil = ptr(*e.ValidUntil)
		}
	case *cases.Renewed:
		r.Status, r.ValidUntil = string(cases.StatusIssued), ptr(e.ValidUntil)
	case *cases.Reopened:
		if r.Status == string(cases.StatusRejected) {
			r.Outcome = nil
		}
		r.Status = string(e.Status)
	case *cases.DeadlineExtended:
		r.DueAt = ptr(e.DueAt)
	case *cases.FirstInstanceRuled:
		r.Status, r.Fine = string(cases.StatusFirstInstanceRuled), e.Ruling.FineRials
	case *cases.AppealRuled:
		r.Status, r.Fine = string(cases.StatusAppealRuled), e.Ruling.FineRials
	default:
		if status, ok := plainStatus[ev.EventType()]; ok {
			r.Status = string(status)
		} // else a note: only the revision moves
	}
	return nil
}

// resume returns the case to the status it had before a pause.
func (r *row) resume() error {
	if r.ResumeStatus == nil {
		return errNoResumeStatus
	}
	r.Status = *r.ResumeStatus
	return nil
}

// moneyStatus sets the status after a money event, from the amounts already updated: an
// application in review shows its payment progress; later statuses say more and stay.
func (r *row) moneyStatus() {
	switch {
	case r.Flow == string(catalogue.FlowViolation) || r.Outcome != nil ||
		r.Status == string(cases.StatusIssued) || r.Status == string(cases.StatusExpired):
	case r.FeeTotal+r.Fine-r.FeePaid-r.FeeWaived > 0:
		r.Status = string(cases.StatusAwaitingPayment)
	default:
		r.Status = string(cases.StatusPaid)
	}
}

// applicationStatus moves an application's status; a violation keeps its own.
func (r *row) applicationStatus(status cases.Status) {
	if r.Flow != string(catalogue.FlowViolation) {
		r.Status = string(status)
	}
}

// plainStatus is the status of events that change nothing else on the row.
var plainStatus = map[string]cases.Status{
	cases.TypeExpired: cases.StatusExpired, cases.TypeRevoked: cases.StatusRevoked,
	cases.TypeWithdrawn: cases.StatusWithdrawn, cases.TypeCancelled: cases.StatusCancelled,
	cases.TypeClosed: cases.StatusClosed, cases.TypeNoticeServed: cases.StatusNoticeServed,
	cases.TypeDefenceFiled: cases.StatusDefenceWindow, cases.TypeAppealFiled: cases.StatusAppealWindow,
	cases.TypeEnforcementStarted: cases.StatusEnforcement,
}

package casesummary

import (
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// moneyStatus is the status after a money event, given the SQL for the new amount owed: an
// application in review shows its payment progress; later statuses say more and stay.
func moneyStatus(owed string) string {
	return `status = CASE WHEN flow = 'violation' OR outcome IS NOT NULL OR status IN ('issued', 'expired')
		THEN status WHEN ` + owed + ` > 0 THEN 'awaiting_payment' ELSE 'paid' END`
}

// applicationStatus moves an application's status; a violation keeps its own.
const applicationStatus = `status = CASE WHEN flow = 'violation' THEN status ELSE $3 END`

// lifecycle applies the events after submission, intake and decision.
func lifecycle(w *projector.Writes, rec eventstore.RecordedEvent, ev domain.Event) error {
	up := func(set string, args ...any) error { return update(w, rec, set, args...) }
	switch e := ev.(type) {
	case *cases.DocumentsRequested:
		return up(`resume_status = status, status = $3, waiting_on = 'applicant', staff_days = staff_days + $4`,
			cases.StatusReturnedForDocuments, e.StaffWorkingDays)
	case *cases.DocumentsProvided:
		return up(`status = resume_status, waiting_on = 'staff', days_paused = days_paused + $3, due_at = $4`,
			e.PausedWorkingDays, e.DueAt)
	case *cases.Assigned:
		return up(`assignee = $3, department = $4`, e.Assignee, e.Department)
	case *cases.InspectionScheduled:
		return up(applicationStatus, cases.StatusInspectionScheduled)
	case *cases.InspectionRecorded:
		return up(applicationStatus, cases.StatusInspected)
	case *cases.ReferredToCommission:
		return up(`resume_status = status, status = $3`, cases.StatusInCommission)
	case *cases.CommissionRuled:
		return up(`status = resume_status`)
	case *cases.FeeAssessed:
		return up(`fee_total = $3, `+moneyStatus(`$3 + fine - fee_paid - fee_waived`), e.Assessment.Total)
	case *cases.FeeWaived:
		return up(`fee_waived = fee_waived + $3, `+moneyStatus(`fee_total + fine - fee_paid - fee_waived - $3`), e.Rials)
	case *cases.PaymentRecorded:
		return up(`fee_paid = $3, `+moneyStatus(`fee_total + fine - $3 - fee_waived`), e.PaidTotal)
	case *cases.Issued:
		return up(`status = $3, certificate_number = $4, valid_until = $5`, cases.StatusIssued, e.Number, e.ValidUntil)
	case *cases.Renewed:
		return up(`status = $3, valid_until = $4`, cases.StatusIssued, e.ValidUntil)
	case *cases.Reopened:
		return up(`status = $3, outcome = CASE WHEN status = 'rejected' THEN NULL ELSE outcome END`, e.Status)
	case *cases.DeadlineExtended:
		return up(`due_at = $3`, e.DueAt)
	case *cases.FirstInstanceRuled:
		return up(`status = $3, fine = $4`, cases.StatusFirstInstanceRuled, e.Ruling.FineRials)
	case *cases.AppealRuled:
		return up(`status = $3, fine = $4`, cases.StatusAppealRuled, e.Ruling.FineRials)
	}
	if status, ok := plainStatus[ev.EventType()]; ok {
		return up(`status = $3`, status)
	}
	return up(`status = status`) // a note: only the revision moves
}

// plainStatus is the status of events that change nothing else on the row.
var plainStatus = map[string]cases.Status{
	cases.TypeExpired: cases.StatusExpired, cases.TypeRevoked: cases.StatusRevoked,
	cases.TypeWithdrawn: cases.StatusWithdrawn, cases.TypeCancelled: cases.StatusCancelled,
	cases.TypeClosed: cases.StatusClosed, cases.TypeNoticeServed: cases.StatusNoticeServed,
	cases.TypeDefenceFiled: cases.StatusDefenceWindow, cases.TypeAppealFiled: cases.StatusAppealWindow,
	cases.TypeEnforcementStarted: cases.StatusEnforcement,
}

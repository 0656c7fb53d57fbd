package cases

import (
	"sync"

	"github.com/shafaf-city/shafaf/domain"
)

// Event type names. They are stored forever: never rename one, add a new version instead.
const (
	TypeSubmitted            = "case.Submitted.v1"
	TypeIntakeAccepted       = "case.IntakeAccepted.v1"
	TypeDocumentsRequested   = "case.DocumentsRequested.v1"
	TypeDocumentsProvided    = "case.DocumentsProvided.v1"
	TypeAssigned             = "case.Assigned.v1"
	TypeInspectionScheduled  = "case.InspectionScheduled.v1"
	TypeInspectionRecorded   = "case.InspectionRecorded.v1"
	TypeReviewRecorded       = "case.ReviewRecorded.v1"
	TypeReferredToCommission = "case.ReferredToCommission.v1"
	TypeCommissionRuled      = "case.CommissionRuled.v1"
	TypeFeeAssessed          = "case.FeeAssessed.v1"
	TypeFeeWaived            = "case.FeeWaived.v1"
	TypePaymentRecorded      = "case.PaymentRecorded.v1"
	TypePaymentRefundDue     = "case.PaymentRefundDue.v1"
	TypeDecided              = "case.Decided.v1"
	TypeIssued               = "case.Issued.v1"
	TypeExpired              = "case.Expired.v1"
	TypeRenewed              = "case.Renewed.v1"
	TypeRevoked              = "case.Revoked.v1"
	TypeWithdrawn            = "case.Withdrawn.v1"
	TypeCancelled            = "case.Cancelled.v1"
	TypeReopened             = "case.Reopened.v1"
	TypeDeadlineExtended     = "case.DeadlineExtended.v1"
	TypeNoteAdded            = "case.NoteAdded.v1"
	TypeNoticeServed         = "case.NoticeServed.v1"
	TypeDefenceFiled         = "case.DefenceFiled.v1"
	TypeFirstInstanceRuled   = "case.FirstInstanceRuled.v1"
	TypeAppealFiled          = "case.AppealFiled.v1"
	TypeAppealRuled          = "case.AppealRuled.v1"
	TypeEnforcementStarted   = "case.EnforcementStarted.v1"
	TypeClosed               = "case.Closed.v1"
	TypeHoldPlaced           = "plot.HoldPlaced.v1"
	TypeHoldReleased         = "plot.HoldReleased.v1"
	TypeIssuanceCleared      = "plot.IssuanceCleared.v1"
)

// Registry is the registry of every case and plot-hold event, for decoding history. A
// registry cannot change once made, so one is built and every caller shares it (timelines
// asked for it on every request).
var Registry = sync.OnceValues(func() (*domain.Registry, error) {
	return domain.NewRegistry(
		func() domain.Event { return &Submitted{} },
		func() domain.Event { return &IntakeAccepted{} },
		func() domain.Event { return &DocumentsRequested{} },
		func() domain.Event { return &DocumentsProvided{} },
		func() domain.Event { return &Assigned{} },
		func() domain.Event { return &InspectionScheduled{} },
		func() domain.Event { return &InspectionRecorded{} },
		func() domain.Event { return &ReviewRecorded{} },
		func() domain.Event { return &ReferredToCommission{} },
		func() domain.Event { return &CommissionRuled{} },
		func() domain.Event { return &FeeAssessed{} },
		func() domain.Event { return &FeeWaived{} },
		func() domain.Event { return &PaymentRecorded{} },
		func() domain.Event { return &PaymentRefundDue{} },
		func() domain.Event { return &Decided{} },
		func() domain.Event { return &Issued{} },
		func() domain.Event { return &Expired{} },
		func() domain.Event { return &Renewed{} },
		func() domain.Event { return &Revoked{} },
		func() domain.Event { return &Withdrawn{} },
		func() domain.Event { return &Cancelled{} },
		func() domain.Event { return &Reopened{} },
		func() domain.Event { return &DeadlineExtended{} },
		func() domain.Event { return &NoteAdded{} },
		func() domain.Event { return &NoticeServed{} },
		func() domain.Event { return &DefenceFiled{} },
		func() domain.Event { return &FirstInstanceRuled{} },
		func() domain.Event { return &AppealFiled{} },
		func() domain.Event { return &AppealRuled{} },
		func() domain.Event { return &EnforcementStarted{} },
		func() domain.Event { return &Closed{} },
		func() domain.Event { return &HoldPlaced{} },
		func() domain.Event { return &HoldReleased{} },
		func() domain.Event { return &IssuanceCleared{} },
		func() domain.Event { return &DocumentAttached{} },
		func() domain.Event { return &DocumentDownloaded{} },
	)
})

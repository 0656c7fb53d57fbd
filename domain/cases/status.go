package cases

import "slices"

// Status is where a case stands in its lifecycle; the values are the catalogue's status keys,
// so the applicant-visible texts can be looked up by it.
type Status string

// Application statuses.
const (
	StatusNone                 Status = ""
	StatusSubmitted            Status = "submitted"
	StatusReturnedForDocuments Status = "returned_for_documents"
	StatusInReview             Status = "in_review"
	StatusInspectionScheduled  Status = "inspection_scheduled"
	StatusInspected            Status = "inspected"
	StatusAwaitingPayment      Status = "awaiting_payment"
	StatusPaid                 Status = "paid"
	StatusInCommission         Status = "in_commission"
	StatusApproved             Status = "approved"
	StatusRejected             Status = "rejected"
	StatusIssued               Status = "issued"
	StatusExpired              Status = "expired"
	StatusRevoked              Status = "revoked"
	StatusWithdrawn            Status = "withdrawn"
	StatusCancelled            Status = "cancelled"
	StatusClosed               Status = "closed"
)

// Building-violation statuses (Article 100 and the other boards).
const (
	StatusReported           Status = "reported"
	StatusNoticeServed       Status = "notice_served"
	StatusDefenceWindow      Status = "defence_window"
	StatusFirstInstanceRuled Status = "first_instance_ruled"
	StatusAppealWindow       Status = "appeal_window"
	StatusAppealRuled        Status = "appeal_ruled"
	StatusEnforcement        Status = "enforcement"
)

// closedStatuses end a case: nothing acts on it until it is reopened.
var closedStatuses = []Status{StatusRejected, StatusRevoked, StatusWithdrawn, StatusCancelled, StatusClosed}

// Closed reports whether the status ends the case.
func (s Status) Closed() bool { return slices.Contains(closedStatuses, s) }

// clockStoppedStatuses are the statuses in which the legal clock stands still: the case has
// ended or been issued, or it is paused waiting on the applicant's documents. A case in one
// is never overdue, in any list, queue or dashboard.
var clockStoppedStatuses = []Status{StatusReturnedForDocuments, StatusRejected, StatusIssued, StatusExpired,
	StatusRevoked, StatusWithdrawn, StatusCancelled, StatusClosed}

// ClockStopped reports whether the legal clock stands still in the status.
func (s Status) ClockStopped() bool { return slices.Contains(clockStoppedStatuses, s) }

// ClockStoppedStatuses lists the statuses whose clock stands still, for read models that
// filter overdue cases in SQL.
func ClockStoppedStatuses() []Status { return slices.Clone(clockStoppedStatuses) }

// Outcome is the verdict of a decision or a commission.
type Outcome string

// Decision outcomes.
const (
	OutcomeApprove Outcome = "approve"
	OutcomeReject  Outcome = "reject"
)

package cases

import "github.com/shafaf-city/shafaf/domain/lifecycle"

// Status is where a case stands in its lifecycle; lifecycle holds its one vocabulary.
type Status = lifecycle.Status

// Application statuses, named here so decisions read as before.
const (
	StatusNone                 Status = ""
	StatusSubmitted                   = lifecycle.Submitted
	StatusReturnedForDocuments        = lifecycle.ReturnedForDocuments
	StatusInReview                    = lifecycle.InReview
	StatusInspectionScheduled         = lifecycle.InspectionScheduled
	StatusInspected                   = lifecycle.Inspected
	StatusAwaitingPayment             = lifecycle.AwaitingPayment
	StatusPaid                        = lifecycle.Paid
	StatusInCommission                = lifecycle.InCommission
	StatusApproved                    = lifecycle.Approved
	StatusRejected                    = lifecycle.Rejected
	StatusIssued                      = lifecycle.Issued
	StatusExpired                     = lifecycle.Expired
	StatusRevoked                     = lifecycle.Revoked
	StatusWithdrawn                   = lifecycle.Withdrawn
	StatusCancelled                   = lifecycle.Cancelled
	StatusClosed                      = lifecycle.Closed
)

// Building-violation statuses (Article 100 and the other boards).
const (
	StatusReported           = lifecycle.Reported
	StatusNoticeServed       = lifecycle.NoticeServed
	StatusDefenceFiled       = lifecycle.DefenceFiled
	StatusFirstInstanceRuled = lifecycle.FirstInstanceRuled
	StatusAppealFiled        = lifecycle.AppealFiled
	StatusAppealRuled        = lifecycle.AppealRuled
	StatusEnforcement        = lifecycle.Enforcement
)

// renamed maps the status keys of wave 1 that said the owner may still file what they had
// filed. A stored Reopened event may name one; it is read as today's key.
var renamed = map[Status]Status{"defence_window": StatusDefenceFiled, "appeal_window": StatusAppealFiled}

// Outcome is the verdict of a decision or a commission.
type Outcome string

// Decision outcomes.
const (
	OutcomeApprove Outcome = "approve"
	OutcomeReject  Outcome = "reject"
)

// Outcomes are every outcome a decision or a commission may reach; the API's enum is checked against them.
var Outcomes = []Outcome{OutcomeApprove, OutcomeReject}

package cases

import (
	"fmt"

	"github.com/shafaf-city/shafaf/domain"
)

// Rules a command can break; each is reported by name so clients know what to fix.
const (
	RuleAlreadySubmitted  = "case.already_submitted"
	RuleNotSubmitted      = "case.not_submitted"
	RuleClosed            = "case.closed"
	RuleWrongFlow         = "case.wrong_flow"
	RuleStepNotInService  = "step.not_in_service"
	RuleServiceMismatch   = "case.service_mismatch"
	RuleIntakeNotPending  = "intake.not_pending"
	RuleAwaitingApplicant = "case.awaiting_applicant"
	RuleDecided           = "case.already_decided"

	RuleDocumentNotInService  = "documents.not_in_service"
	RuleDocumentsNoneAsked    = "documents.none_requested"
	RuleDocumentsIncomplete   = "documents.incomplete"
	RuleRequiresIntake        = "case.requires_intake"
	RuleInspectionNotBooked   = "inspection.not_scheduled"
	RuleRequiresInspection    = "case.requires_inspection"
	RuleCommissionPending     = "commission.pending"
	RuleCommissionNotReferred = "commission.not_referred"
	RuleCommissionRuled       = "commission.already_ruled"

	RuleNotInReview           = "decision.requires_review"
	RuleRequiresReview        = "case.requires_engineering_review"
	RuleDecisionNeedsCommiss  = "decision.requires_commission"
	RuleDecisionContradicts   = "decision.contradicts_commission"
	RuleFeeAlreadyPaid        = "fee.already_paid"
	RuleFeeNothingToWaive     = "fee.nothing_to_waive"
	RulePaymentNothingDue     = "payment.nothing_due"
	RulePaymentExceedsBalance = "payment.exceeds_balance"
	RulePaymentDuplicateRef   = "payment.duplicate_reference"
	RulePaymentBillSettled    = "payment.bill_settled"
	RulePaymentBillNotCurrent = "payment.bill_not_current"
	RulePaymentAmountMismatch = "payment.amount_mismatch"

	RuleIssuanceRequiresApproval   = "issuance.requires_approval"
	RuleIssuanceRequiresAssessment = "issuance.requires_fee_assessment"
	RuleIssuanceRequiresPayment    = "issuance.requires_payment"
	RuleIssuancePlotOnHold         = "issuance.plot_on_hold"
	RuleIssuanceAlreadyIssued      = "issuance.already_issued"
	RuleNotIssued                  = "issuance.not_issued"
	RuleExpiryNoValidity           = "expiry.no_validity"
	RuleExpiryNotDue               = "expiry.not_due"
	RuleRenewalNotRenewable        = "renewal.not_renewable"
	RuleAfterIssuance              = "case.already_issued"
	RuleReopenNotClosed            = "reopen.not_closed"

	RuleNoticeAlreadyServed = "notice.already_served"
	RuleNoticeNotServed     = "notice.not_served"
	RuleDateInFuture        = "date.in_future"
	RuleDateBeforeCase      = "date.before_case"
	RuleDefenceWindowClosed = "defence.window_closed"
	RuleDefenceWindowOpen   = "ruling.defence_window_open"
	RuleRulingAlreadyMade   = "ruling.already_made"
	RuleRulingMissing       = "ruling.missing"
	RuleAppealWindowClosed  = "appeal.window_closed"
	RuleAppealWindowOpen    = "enforcement.appeal_window_open"
	RuleAppealPending       = "appeal.pending"
	RuleAppealAlreadyFiled  = "appeal.already_filed"
	RuleEnforcementMismatch = "enforcement.action_mismatch"
	RuleNotAppealed         = "appeal.not_filed"
	RuleNothingToEnforce    = "enforcement.nothing_to_enforce"
	RuleAlreadyEnforcing    = "enforcement.already_started"
	RuleCloseNotEnforced    = "close.requires_enforcement"
	RuleCloseUnpaid         = "close.requires_payment"

	RuleHoldRequiresPlot  = "hold.requires_plot"
	RuleHoldAlreadyPlaced = "hold.already_placed"
	RuleHoldNoneOpen      = "hold.none_open"
	RuleHoldByRule        = "hold.by_rule"

	RuleAssignUnknownDepartment = "assignment.unknown_department"
	RuleAssignUnknownAssignee   = "assignment.unknown_assignee"
	RuleAssignOtherDepartment   = "assignment.other_department"
)

func refuse(rule, format string, args ...any) error {
	return domain.RuleViolated(rule, fmt.Sprintf(format, args...))
}

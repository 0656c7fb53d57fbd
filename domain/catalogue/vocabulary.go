package catalogue

import "github.com/shafaf-city/shafaf/domain/access"

// Step is one stage of a case's workflow, from a fixed set the case aggregate implements.
type Step string

// The fixed workflow steps; services choose a subset.
const (
	StepIntakeCheck        Step = "intake_check"
	StepDocumentRequest    Step = "document_request"
	StepSiteInspection     Step = "site_inspection"
	StepEngineeringReview  Step = "engineering_review"
	StepFeeAssessment      Step = "fee_assessment"
	StepPayment            Step = "payment"
	StepCommissionReferral Step = "commission_referral"
	StepDecision           Step = "decision"
	StepIssuance           Step = "issuance"
)

// Steps lists every step in workflow order.
var Steps = []Step{StepIntakeCheck, StepDocumentRequest, StepSiteInspection, StepEngineeringReview,
	StepFeeAssessment, StepPayment, StepCommissionReferral, StepDecision, StepIssuance}

// Status is a case status as applicants see it; each service has a text for each status of
// its flow.
type Status string

// Flow names the two life cycles: applications and violation cases.
type Flow string

// The two flows; a service's group decides its flow.
const (
	FlowApplication Flow = "application"
	FlowViolation   Flow = "violation"
)

// Statuses lists the statuses of each flow in life-cycle order; "closed" ends both.
var Statuses = map[Flow][]Status{
	FlowApplication: {"submitted", "returned_for_documents", "in_review", "inspection_scheduled", "inspected",
		"fee_assessed", "awaiting_payment", "paid", "in_commission", "approved", "rejected", "issued", "expired",
		"revoked", "withdrawn", "cancelled", "closed"},
	FlowViolation: {"reported", "notice_served", "defence_window", "first_instance_ruled", "appeal_window",
		"appeal_ruled", "enforcement", "closed"},
}

// FlowOf returns the life cycle of a group's cases.
func FlowOf(g access.Group) Flow {
	if g == access.Violation {
		return FlowViolation
	}
	return FlowApplication
}

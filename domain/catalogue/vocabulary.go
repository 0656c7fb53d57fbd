package catalogue

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

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

// stepActions are the policy actions that act on each step. Who may act on a step of a service
// is whom the access policy lets take one of them in the service's group (Service.Steps' Roles).
var stepActions = map[Step][]access.Action{
	StepIntakeCheck:        {access.AcceptIntake, access.ReportViolation},
	StepDocumentRequest:    {access.ReturnForDocuments, access.ProvideDocuments},
	StepSiteInspection:     {access.ScheduleInspection, access.RecordInspection},
	StepEngineeringReview:  {access.RecordReview},
	StepFeeAssessment:      {access.AssessFee, access.WaiveFee},
	StepPayment:            {access.RecordPayment},
	StepCommissionReferral: {access.ReferToCommission, access.RecordCommissionRuling},
	StepDecision:           {access.Decide, access.RecordRuling},
	StepIssuance:           {access.Issue},
}

// Actions are the policy actions that act on the step.
func (s Step) Actions() []access.Action { return slices.Clone(stepActions[s]) }

// rolesOn is who the access policy lets act on step in group g, in access.Roles order.
func rolesOn(step Step, g access.Group) []access.Role {
	var out []access.Role
	for _, a := range stepActions[step] {
		for _, r := range access.RolesFor(a, g) {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	slices.SortFunc(out, func(a, b access.Role) int { return slices.Index(access.Roles, a) - slices.Index(access.Roles, b) })
	return out
}

// Status is a case status; lifecycle holds its one vocabulary and default texts, and a
// catalogue file may only word a status its own way.
type Status = lifecycle.Status

// Flow names the two life cycles: applications and violation cases.
type Flow = lifecycle.Flow

// The two flows; a service's group decides its flow.
const (
	FlowApplication = lifecycle.FlowApplication
	FlowViolation   = lifecycle.FlowViolation
)

// Statuses lists the statuses of each flow in life-cycle order, as lifecycle defines them.
var Statuses = map[Flow][]Status{
	FlowApplication: lifecycle.OfFlow(FlowApplication),
	FlowViolation:   lifecycle.OfFlow(FlowViolation),
}

// FlowOf returns the life cycle of a group's cases.
func FlowOf(g access.Group) Flow {
	if g == access.Violation {
		return FlowViolation
	}
	return FlowApplication
}

package cases

import (
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

func decideScheduleInspection(s State, c ScheduleInspection, d Deps) (domain.Event, error) {
	if err := d.uses(catalogue.StepSiteInspection); err != nil {
		return nil, err
	}
	if err := beforeRulingOrDecision(s, d); err != nil {
		return nil, err
	}
	return &InspectionScheduled{Inspector: c.Inspector, On: c.On.Time, At: c.At}, nil
}

func decideRecordInspection(s State, c RecordInspection, d Deps) (domain.Event, error) {
	if err := d.uses(catalogue.StepSiteInspection); err != nil {
		return nil, err
	}
	if !s.Inspection.Scheduled {
		return nil, refuse(RuleInspectionNotBooked, "no inspection is scheduled")
	}
	if err := beforeRulingOrDecision(s, d); err != nil {
		return nil, err
	}
	return &InspectionRecorded{Findings: c.Findings, MeasuredAreaDM2: c.MeasuredAreaDM2,
		ViolationFound: c.ViolationFound, At: c.At}, nil
}

func decideRecordReview(s State, c RecordReview, d Deps) (domain.Event, error) {
	err := firstOf(d.uses(catalogue.StepEngineeringReview), beforeRulingOrDecision(s, d), inspected(s, d))
	if err != nil {
		return nil, err
	}
	return &ReviewRecorded{Summary: c.Summary, At: c.At}, nil
}

// beforeRulingOrDecision admits investigation work: on an application between intake and
// decision, on a violation before notice is served.
func beforeRulingOrDecision(s State, d Deps) error {
	if s.Flow == catalogue.FlowViolation {
		if s.Violation.NoticeServed {
			return refuse(RuleNoticeAlreadyServed, "the notice has been served; the case is with the commission")
		}
		return nil
	}
	if s.Commission.Pending {
		return refuse(RuleCommissionPending, "the case is before the commission")
	}
	return inReview(s, d)
}

func decideReferral(s State, c ReferToCommission, d Deps) (domain.Event, error) {
	err := firstOf(flow(s, catalogue.FlowApplication), d.uses(catalogue.StepCommissionReferral),
		beforeRulingOrDecision(s, d), inspected(s, d))
	if err != nil {
		return nil, err
	}
	if s.Commission.Ruled {
		return nil, refuse(RuleCommissionRuled, "the commission has already ruled on this case")
	}
	return &ReferredToCommission{Commission: c.Commission, Reason: c.Reason, At: c.At}, nil
}

func decideCommissionRuling(s State, c RecordCommissionRuling, d Deps) (domain.Event, error) {
	if err := firstOf(flow(s, catalogue.FlowApplication), d.uses(catalogue.StepCommissionReferral)); err != nil {
		return nil, err
	}
	if !s.Commission.Pending {
		return nil, refuse(RuleCommissionNotReferred, "the case has not been referred to a commission")
	}
	return &CommissionRuled{Outcome: c.Outcome, Summary: c.Summary, At: c.At}, nil
}

func decideDecision(s State, c RecordDecision, d Deps) (domain.Event, error) {
	if err := firstOf(flow(s, catalogue.FlowApplication), d.uses(catalogue.StepDecision)); err != nil {
		return nil, err
	}
	uses := d.Service.UsesStep
	switch {
	case !s.IntakeAccepted || s.Outcome != "" || s.issued():
		return nil, refuse(RuleNotInReview, "a decision needs a case in review, this one is %s", s.Status)
	case s.awaitingDocuments():
		return nil, refuse(RuleAwaitingApplicant, "the case waits for documents from the applicant")
	case s.Commission.Pending:
		return nil, refuse(RuleCommissionPending, "the case is before the commission")
	case uses(catalogue.StepSiteInspection) && !s.Inspection.Recorded:
		return nil, refuse(RuleRequiresInspection, "the site inspection has not been recorded")
	case uses(catalogue.StepEngineeringReview) && !s.Reviewed:
		return nil, refuse(RuleRequiresReview, "the engineering review has not been recorded")
	case uses(catalogue.StepCommissionReferral) && s.Inspection.ViolationFound && !s.Commission.Ruled:
		return nil, refuse(RuleDecisionNeedsCommiss, "the inspection found a violation: the commission must rule first")
	case s.Commission.Ruled && s.Commission.Outcome == OutcomeReject && c.Outcome == OutcomeApprove:
		return nil, refuse(RuleDecisionContradicts, "the commission rejected the case; it cannot be approved")
	}
	return &Decided{Outcome: c.Outcome, Reasons: c.Reasons, LegalBasis: c.LegalBasis, At: c.At}, nil
}

func (c ScheduleInspection) decide(s State, d Deps) (domain.Event, error) {
	return decideScheduleInspection(s, c, d)
}

func (c RecordInspection) decide(s State, d Deps) (domain.Event, error) {
	return decideRecordInspection(s, c, d)
}

func (c RecordReview) decide(s State, d Deps) (domain.Event, error) {
	return decideRecordReview(s, c, d)
}

func (c ReferToCommission) decide(s State, d Deps) (domain.Event, error) {
	return decideReferral(s, c, d)
}

func (c RecordCommissionRuling) decide(s State, d Deps) (domain.Event, error) {
	return decideCommissionRuling(s, c, d)
}

func (c RecordDecision) decide(s State, d Deps) (domain.Event, error) { return decideDecision(s, c, d) }

package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

func decideIssue(s State, c Issue, d Deps) (domain.Event, error) {
	if err := firstOf(flow(s, catalogue.FlowApplication), d.uses(catalogue.StepIssuance)); err != nil {
		return nil, err
	}
	uses := d.Service.UsesStep
	switch {
	case s.issued():
		return nil, refuse(RuleIssuanceAlreadyIssued, "the document has already been issued")
	case s.awaitingDocuments():
		return nil, refuse(RuleAwaitingApplicant, "the case waits for documents from the applicant")
	case uses(catalogue.StepDecision) && s.Outcome != OutcomeApprove:
		return nil, refuse(RuleIssuanceRequiresApproval, "the case has not been approved")
	case !uses(catalogue.StepDecision) && (!s.IntakeAccepted || inspected(s, d) != nil):
		return nil, refuse(RuleIssuanceRequiresApproval, "intake and inspection must pass before issuance")
	case len(d.Service.FeeItems) > 0 && !s.Money.Assessed:
		return nil, refuse(RuleIssuanceRequiresAssessment, "the fee has not been assessed")
	case s.Money.Outstanding() > 0:
		return nil, refuse(RuleIssuanceRequiresPayment, "fee must be paid before issuance: %d rials are still owed", s.Money.Outstanding())
	}
	if err := zoningFor(d.Service, c.Zoning); err != nil {
		return nil, err
	}
	if h, held := c.PlotHolds.Blocking(s.Service); held {
		return nil, refuse(h.RefusalRule(), "plot %s is held against issuing %s", s.Plot, s.Service)
	}
	ev := &Issued{Document: "document", Number: c.Number, VerificationCode: c.VerificationCode, Zoning: c.Zoning, At: c.At}
	if is := d.Service.Issues; is != nil {
		ev.Document = is.Document
		if is.ValidityMonths > 0 {
			until := addMonths(c.At, is.ValidityMonths)
			ev.ValidUntil = &until
		}
	}
	return ev, nil
}

func decideExpire(s State, c Expire) (domain.Event, error) {
	switch {
	case s.Status != StatusIssued:
		return nil, refuse(RuleNotIssued, "only an issued document can expire, this case is %s", s.Status)
	case s.Issued.ValidUntil == nil:
		return nil, refuse(RuleExpiryNoValidity, "this document does not expire")
	case c.At.Before(*s.Issued.ValidUntil):
		return nil, refuse(RuleExpiryNotDue, "the document is valid until %s", jalali.FromTime(*s.Issued.ValidUntil))
	}
	return &Expired{At: c.At}, nil
}

func decideRenew(s State, c Renew, d Deps) (domain.Event, error) {
	is := d.Service.Issues
	switch {
	case !s.issued():
		return nil, refuse(RuleNotIssued, "only an issued document can be renewed, this case is %s", s.Status)
	case is == nil || !is.Renewable || s.Issued.ValidUntil == nil:
		return nil, refuse(RuleRenewalNotRenewable, "service %s documents cannot be renewed", s.Service)
	}
	from := *s.Issued.ValidUntil
	if c.At.After(from) {
		from = c.At
	}
	return &Renewed{ValidUntil: addMonths(from, is.ValidityMonths), At: c.At}, nil
}

func decideRevoke(s State, c Revoke) (domain.Event, error) {
	if !s.issued() {
		return nil, refuse(RuleNotIssued, "only an issued document can be revoked, this case is %s", s.Status)
	}
	return &Revoked{Reason: c.Reason, At: c.At}, nil
}

// addMonths moves t by whole Jalali months, as validity is stated; a day the target month
// lacks (31 Shahrivar + 1 month) becomes its last day.
func addMonths(t time.Time, months int) time.Time {
	d := jalali.FromTime(t)
	m := d.Month - 1 + months
	y := d.Year + m/12
	m = m%12 + 1
	return jalali.ToTime(jalali.Date{Year: y, Month: m, Day: min(d.Day, jalali.DaysIn(y, m))})
}

func (c Issue) decide(s State, d Deps) (domain.Event, error) { return decideIssue(s, c, d) }

func (c Expire) decide(s State, d Deps) (domain.Event, error) { return decideExpire(s, c) }

func (c Renew) decide(s State, d Deps) (domain.Event, error) { return decideRenew(s, c, d) }

func (c Revoke) decide(s State, d Deps) (domain.Event, error) { return decideRevoke(s, c) }

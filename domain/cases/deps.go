package cases

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// Deps is what a decision needs from outside the case's history: the case's service as the
// catalogue version it was opened under states it, and the working-day calendar. The caller
// passes them in, so Decide stays pure and a case keeps its catalogue version for life.
type Deps struct {
	Service  catalogue.Service
	Calendar *workdays.Calendar
	// BillCompany is the 3-digit code the banks' clearing gave the municipality; bills carry it.
	BillCompany int
}

// uses refuses a step the service's workflow does not have.
func (d Deps) uses(step catalogue.Step) error {
	if !d.Service.UsesStep(step) {
		return refuse(RuleStepNotInService, "service %s does not use the %s step", d.Service.Key, step)
	}
	return nil
}

// flow refuses a command meant for the other kind of case.
func flow(s State, want catalogue.Flow) error {
	if s.Flow != want {
		return refuse(RuleWrongFlow, "this command is for %s cases, this one is a %s case", want, s.Flow)
	}
	return nil
}

// openCase refuses anything on a missing or closed case.
func openCase(s State) error {
	switch {
	case !s.Exists():
		return refuse(RuleNotSubmitted, "the case has not been submitted")
	case s.Status.Closed():
		return refuse(RuleClosed, "the case is %s; reopen it first", s.Status)
	}
	return nil
}

// inReview refuses work on an application that is not with staff between intake and decision.
func inReview(s State, d Deps) error {
	switch {
	case !s.IntakeAccepted && d.Service.UsesStep(catalogue.StepIntakeCheck):
		return refuse(RuleRequiresIntake, "intake has not accepted the file yet")
	case s.awaitingDocuments():
		return refuse(RuleAwaitingApplicant, "the case waits for documents from the applicant")
	case s.issued():
		return refuse(RuleAfterIssuance, "the document has already been issued")
	case s.Outcome != "":
		return refuse(RuleDecided, "the case has already been decided (%s)", s.Outcome)
	}
	return nil
}

// inspected refuses work that needs the site visit when the service has one.
func inspected(s State, d Deps) error {
	if d.Service.UsesStep(catalogue.StepSiteInspection) && !s.Inspection.Recorded {
		return refuse(RuleRequiresInspection, "the site inspection has not been recorded")
	}
	return nil
}

// requestable refuses document keys the service does not list.
func requestable(d Deps, docs []DocumentRequest) error {
	for _, r := range docs {
		if !slices.Contains(d.Service.Documents, r.Document) {
			return refuse(RuleDocumentNotInService, "service %s does not require document %q", d.Service.Key, r.Document)
		}
	}
	return nil
}

var errNoCalendar = domain.Errorf(domain.CodeInternal, "cases: Decide needs a calendar")

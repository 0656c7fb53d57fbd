package cases

import (
	"slices"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

func decideSubmit(s State, c Submit, d Deps) (domain.Event, error) {
	if s.Exists() {
		return nil, refuse(RuleAlreadySubmitted, "this case has already been submitted")
	}
	if d.Service.Key != c.Service {
		return nil, domain.Invalid(domain.FieldError{Field: "service", Code: RuleServiceMismatch,
			Message: "no service " + c.Service + " in catalogue " + c.CatalogueVersion})
	}
	// Validate passed, so the identifiers parse; store them in their normal form.
	applicant := c.Applicant
	nid, _ := ident.ParseNationalID(applicant.NationalID)
	applicant.NationalID = nid.String()
	if applicant.PostalCode != "" {
		pc, _ := ident.ParsePostalCode(applicant.PostalCode)
		applicant.PostalCode = pc.String()
	}
	applicant.Name = ident.NormalizeText(applicant.Name)
	dl := d.Service.Deadline.Deadline
	return &Submitted{
		CaseID: c.CaseID, Service: c.Service, Flow: d.Service.Flow(), CatalogueVersion: c.CatalogueVersion,
		Channel: c.Channel, District: c.District, Plot: c.Plot, Description: c.Description,
		Deadline: dl, DueAt: d.Calendar.Due(c.At, dl, 0), Personal: applicant,
		TrackingNumber: c.TrackingNumber, At: c.At,
	}, nil
}

func decideAcceptIntake(s State, c AcceptIntake, d Deps) (domain.Event, error) {
	if err := firstOf(flow(s, catalogue.FlowApplication), d.uses(catalogue.StepIntakeCheck)); err != nil {
		return nil, err
	}
	if s.Status != StatusSubmitted {
		return nil, refuse(RuleIntakeNotPending, "intake can only accept a submitted case, this one is %s", s.Status)
	}
	return &IntakeAccepted{Note: c.Note, At: c.At}, nil
}

func decideRequestDocuments(s State, c RequestDocuments, d Deps) (domain.Event, error) {
	err := firstOf(flow(s, catalogue.FlowApplication), d.uses(catalogue.StepDocumentRequest), requestable(d, c.Requests))
	if err != nil {
		return nil, err
	}
	switch {
	case s.awaitingDocuments():
		return nil, refuse(RuleAwaitingApplicant, "documents have already been requested")
	case s.issued():
		return nil, refuse(RuleAfterIssuance, "the document has already been issued")
	case s.Outcome != "":
		return nil, refuse(RuleDecided, "the case has already been decided")
	case s.Commission.Pending:
		return nil, refuse(RuleCommissionPending, "the case is before the commission")
	}
	return &DocumentsRequested{Requests: c.Requests, At: c.At,
		StaffWorkingDays: staffStretch(s, d, c.At), RespondBy: d.Calendar.AddWorkingDays(c.At, d.Service.DocumentsDue())}, nil
}

func decideProvideDocuments(s State, c ProvideDocuments, d Deps) (domain.Event, error) {
	if err := flow(s, catalogue.FlowApplication); err != nil {
		return nil, err
	}
	if !s.awaitingDocuments() {
		return nil, refuse(RuleDocumentsNoneAsked, "no documents have been requested")
	}
	var missing []string
	for _, doc := range s.Requested {
		if !slices.Contains(c.Documents, doc) {
			missing = append(missing, doc)
		}
	}
	if len(missing) > 0 {
		return nil, refuse(RuleDocumentsIncomplete, "still missing: %s", strings.Join(missing, ", "))
	}
	paused := max(0, d.Calendar.WorkingDaysBetween(s.Clock.Since, c.At))
	return &DocumentsProvided{Documents: c.Documents, PausedWorkingDays: paused, At: c.At,
		DueAt: due(s, d.Calendar, s.Clock.ApplicantDays+paused, s.ExtensionDays)}, nil
}

// due is the legal due date after applicantDays of pause and extensionDays of extension, both
// in working days.
func due(s State, cal *workdays.Calendar, applicantDays, extensionDays int) time.Time {
	return cal.Due(s.SubmittedAt, s.Deadline, applicantDays+extensionDays)
}

// firstOf returns the first refusal of several checks made in order.
func firstOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (c AcceptIntake) decide(s State, d Deps) (domain.Event, error) {
	return decideAcceptIntake(s, c, d)
}

func (c RequestDocuments) decide(s State, d Deps) (domain.Event, error) {
	return decideRequestDocuments(s, c, d)
}

func (c ProvideDocuments) decide(s State, d Deps) (domain.Event, error) {
	return decideProvideDocuments(s, c, d)
}

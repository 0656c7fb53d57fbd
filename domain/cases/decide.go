package cases

import (
	"fmt"

	"github.com/shafaf-city/shafaf/domain"
)

// Rules a command can break; each is reported by name so clients know what to fix.
const (
	RuleAlreadySubmitted = "case.already_submitted"
	RuleNotSubmitted     = "case.not_submitted"
	RuleIntakeNotPending = "intake.not_pending"
	RuleNotInReview      = "decision.requires_review"
)

// Decide returns the events that command c causes on a case in state s, or why it is refused.
func Decide(s State, c Command) ([]domain.Event, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if _, opens := c.(Submit); !opens && !s.Exists() {
		return nil, domain.RuleViolated(RuleNotSubmitted, "the case has not been submitted")
	}
	switch c := c.(type) {
	case Submit:
		return decideSubmit(s, c)
	case AcceptIntake:
		if s.Status != StatusSubmitted {
			return nil, refuse(RuleIntakeNotPending, "intake can only accept a submitted case, this one is %s", s.Status)
		}
		return []domain.Event{&IntakeAccepted{Note: c.Note, At: c.At}}, nil
	case RecordDecision:
		if s.Status != StatusInReview {
			return nil, refuse(RuleNotInReview, "a decision needs a case in review, this one is %s", s.Status)
		}
		return []domain.Event{&Decided{Outcome: c.Outcome, Reasons: c.Reasons, LegalBasis: c.LegalBasis, At: c.At}}, nil
	}
	return nil, fmt.Errorf("cases: unknown command %T", c)
}

func decideSubmit(s State, c Submit) ([]domain.Event, error) {
	if s.Exists() {
		return nil, domain.RuleViolated(RuleAlreadySubmitted, "this case has already been submitted")
	}
	return []domain.Event{&Submitted{
		CaseID: c.CaseID, Service: c.Service, CatalogueVersion: c.CatalogueVersion, Channel: c.Channel,
		District: c.District, Description: c.Description, Personal: c.Applicant, At: c.At,
	}}, nil
}

func refuse(rule, format string, args ...any) error {
	return domain.RuleViolated(rule, fmt.Sprintf(format, args...))
}

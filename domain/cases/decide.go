package cases

import (
	"fmt"

	"github.com/shafaf-city/shafaf/domain"
)

// Decide returns the events that command c causes on a case in state s, or why it is refused.
// d carries the case's service and calendar; nothing else outside s and c is consulted.
func Decide(s State, c Command, d Deps) ([]domain.Event, error) {
	if err := Validate(c); err != nil {
		return nil, err
	}
	if d.Calendar == nil {
		return nil, errNoCalendar
	}
	if sub, ok := c.(Submit); ok {
		return one(decideSubmit(s, sub, d))
	}
	if dl, ok := c.(RecordDownload); ok {
		return one(decideDownload(s, dl)) // files stay readable on a closed case
	}
	if _, reopen := c.(Reopen); !reopen {
		if err := openCase(s); err != nil {
			return nil, err
		}
	} else if !s.Exists() {
		return nil, refuse(RuleNotSubmitted, "the case has not been submitted")
	}
	if d.Service.Key != s.Service {
		return nil, domain.Errorf(domain.CodeInternal, "cases: deps name service %q, the case is %q", d.Service.Key, s.Service)
	}
	var events []domain.Event
	var err error
	if a, ok := c.(AttachDocument); ok {
		events, err = decideAttach(s, a, d) // may answer a document request as well
	} else {
		events, err = one(decideOn(s, c, d))
	}
	if err != nil {
		return nil, err
	}
	clockEvents(s, events, d)
	return events, nil
}

// decideOn routes a command on an existing case to its decision.
func decideOn(s State, c Command, d Deps) (domain.Event, error) {
	switch c := c.(type) {
	case AcceptIntake:
		return decideAcceptIntake(s, c, d)
	case RequestDocuments:
		return decideRequestDocuments(s, c, d)
	case ProvideDocuments:
		return decideProvideDocuments(s, c, d)
	case ScheduleInspection:
		return decideScheduleInspection(s, c, d)
	case RecordInspection:
		return decideRecordInspection(s, c, d)
	case RecordReview:
		return decideRecordReview(s, c, d)
	case ReferToCommission:
		return decideReferral(s, c, d)
	case RecordCommissionRuling:
		return decideCommissionRuling(s, c, d)
	case RecordDecision:
		return decideDecision(s, c, d)
	case AssessFee:
		return decideAssessFee(s, c, d)
	case WaiveFee:
		return decideWaiveFee(s, c, d)
	case RecordPayment:
		return decidePayment(s, c, d)
	case Issue:
		return decideIssue(s, c, d)
	case Expire:
		return decideExpire(s, c)
	case Renew:
		return decideRenew(s, c, d)
	case Revoke:
		return decideRevoke(s, c)
	case Assign, Withdraw, Cancel, Reopen, ExtendDeadline, AddNote, Close:
		return decideAdmin(s, c, d)
	case ServeNotice, FileDefence, RuleFirstInstance, FileAppeal, RuleAppeal, Enforce:
		return decideViolation(s, c, d)
	}
	return nil, fmt.Errorf("cases: unknown command %T", c)
}

func one(ev domain.Event, err error) ([]domain.Event, error) {
	if err != nil {
		return nil, err
	}
	return []domain.Event{ev}, nil
}

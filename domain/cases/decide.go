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
	if p, ok := c.(RecordPatrolFinding); ok && !s.Exists() {
		return decidePatrolOpening(s, p, d)
	}
	if dl, ok := c.(RecordDownload); ok {
		return one(decideDownload(s, dl)) // files stay readable on a closed case
	}
	if op, ok := c.(ConfirmOnlinePayment); ok && s.Exists() && s.Status.Closed() {
		return one(op.decide(s, d)) // money taken for a closed case is owed back, not refused
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

// decider is a command on an existing case that knows its decision; a new command is routed by
// declaring its decide method beside it, with nothing to register here.
type decider interface {
	decide(s State, d Deps) (domain.Event, error)
}

// decideOn routes a command on an existing case to its decision.
func decideOn(s State, c Command, d Deps) (domain.Event, error) {
	if dc, ok := c.(decider); ok {
		return dc.decide(s, d)
	}
	return nil, fmt.Errorf("cases: unknown command %T", c)
}

func one(ev domain.Event, err error) ([]domain.Event, error) {
	if err != nil {
		return nil, err
	}
	return []domain.Event{ev}, nil
}

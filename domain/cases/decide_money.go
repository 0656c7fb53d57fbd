package cases

import (
	"errors"
	"slices"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
)

func decideAssessFee(s State, c AssessFee, d Deps) (domain.Event, error) {
	if err := firstOf(d.uses(catalogue.StepFeeAssessment), chargeable(s, d)); err != nil {
		return nil, err
	}
	if s.Money.Paid > 0 {
		return nil, refuse(RuleFeeAlreadyPaid, "payments have been made against the current assessment")
	}
	a, err := fees.Assess(c.Schedule, s.Service, c.Inputs)
	if err != nil {
		var de *domain.Error
		if !errors.As(err, &de) {
			err = domain.Invalid(domain.FieldError{Field: "inputs", Code: "fees", Message: err.Error()})
		}
		return nil, err
	}
	return &FeeAssessed{Assessment: a, At: c.At}, nil
}

// chargeable refuses a charge before the facts it depends on are known: an application's
// inspection, a violation's ruling.
func chargeable(s State, d Deps) error {
	if s.Flow == catalogue.FlowViolation {
		if s.Violation.Ruling == nil {
			return refuse(RuleRulingMissing, "nothing can be charged before the commission rules")
		}
		return nil
	}
	if s.issued() {
		return refuse(RuleAfterIssuance, "the document has already been issued")
	}
	if !s.IntakeAccepted {
		return refuse(RuleRequiresIntake, "intake has not accepted the file yet")
	}
	return inspected(s, d)
}

func decideWaiveFee(s State, c WaiveFee, d Deps) (domain.Event, error) {
	if err := d.uses(catalogue.StepFeeAssessment); err != nil {
		return nil, err
	}
	owed := s.Money.Outstanding()
	if owed <= 0 {
		return nil, refuse(RuleFeeNothingToWaive, "nothing is owed")
	}
	return &FeeWaived{Rials: owed, Reason: c.Reason, At: c.At}, nil
}

func decidePayment(s State, c RecordPayment, d Deps) (domain.Event, error) {
	if err := d.uses(catalogue.StepPayment); err != nil {
		return nil, err
	}
	owed := s.Money.Outstanding()
	switch {
	case owed <= 0:
		return nil, refuse(RulePaymentNothingDue, "nothing is owed on this case")
	case c.Rials > owed:
		return nil, refuse(RulePaymentExceedsBalance, "%d rials exceed the %d still owed", c.Rials, owed)
	case slices.Contains(s.Money.References, c.Reference):
		return nil, refuse(RulePaymentDuplicateRef, "payment %s is already recorded", c.Reference)
	}
	return &PaymentRecorded{Rials: c.Rials, Channel: c.Channel, Reference: c.Reference, Instalment: c.Instalment,
		PaidTotal: s.Money.Paid + c.Rials, PaidInFull: c.Rials == owed, At: c.At}, nil
}

func (c AssessFee) decide(s State, d Deps) (domain.Event, error) { return decideAssessFee(s, c, d) }

func (c WaiveFee) decide(s State, d Deps) (domain.Event, error) { return decideWaiveFee(s, c, d) }

func (c RecordPayment) decide(s State, d Deps) (domain.Event, error) { return decidePayment(s, c, d) }

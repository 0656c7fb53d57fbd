package cases

import (
	"errors"
	"slices"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/tracking"
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
	return &FeeAssessed{Assessment: a, Bill: billFor(s, d, a.Total+s.Money.Fine-s.Money.Waived, c.At), At: c.At}, nil
}

// billFor is the bill for rials owed on s, issued at: the case's tracking number is its file
// number (year's last digit, group, 6-digit sequence: unique among a decade's cases) and the
// Jalali month its period. None for a case without a number or an amount the scheme cannot carry,
// which is then paid at the counter.
func billFor(s State, d Deps, rials int64, at time.Time) *billing.Bill {
	n, err := tracking.Parse("tracking_number", s.TrackingNumber)
	if err != nil || n.Seq >= 1_000_000 {
		return nil
	}
	day := jalali.FromTime(at)
	b, err := billing.Issue(uint64(n.Year%10)*10_000_000+uint64(n.Group)*1_000_000+n.Seq, d.BillCompany, rials, day.Year, day.Month)
	if err != nil {
		return nil
	}
	return &b
}

// settledKey names a paid bill in Money.Settled.
func settledKey(b billing.Bill) string { return b.BillID + "/" + b.PaymentID }

// rebilled is the bill for what is owed now: the current bill re-issued when part was paid or
// waived, none once nothing is owed.
func (m Money) rebilled() *billing.Bill {
	owed := m.Outstanding()
	if m.Bill == nil || owed <= 0 {
		return nil
	}
	if billing.Rials(m.Bill.PaymentID) == owed {
		return m.Bill
	}
	b, err := billing.Reissue(*m.Bill, owed)
	if err != nil {
		return nil
	}
	return &b
}

// checkBill refuses a payment by bill IDs that does not settle the case's current bill exactly.
func checkBill(s State, b billing.Bill, rials int64) error {
	switch {
	case slices.Contains(s.Money.Settled, settledKey(b)):
		return refuse(RulePaymentBillSettled, "bill %s / %s is already paid", b.BillID, b.PaymentID)
	case s.Money.Bill == nil || *s.Money.Bill != b:
		return refuse(RulePaymentBillNotCurrent, "bill %s / %s is not the case's current bill", b.BillID, b.PaymentID)
	case rials != billing.Rials(b.PaymentID):
		return refuse(RulePaymentAmountMismatch, "%d rials do not match the bill's %d", rials, billing.Rials(b.PaymentID))
	}
	return nil
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
	// A bill is checked first, so a second report of a paid bill is named as such.
	var bill *billing.Bill
	if c.BillID != "" {
		b := c.bill()
		if err := checkBill(s, b, c.Rials); err != nil {
			return nil, err
		}
		bill = &b
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
		Bill: bill, PaidTotal: s.Money.Paid + c.Rials, PaidInFull: c.Rials == owed, At: c.At}, nil
}

func (c AssessFee) decide(s State, d Deps) (domain.Event, error) { return decideAssessFee(s, c, d) }

func (c WaiveFee) decide(s State, d Deps) (domain.Event, error) { return decideWaiveFee(s, c, d) }

func (c RecordPayment) decide(s State, d Deps) (domain.Event, error) { return decidePayment(s, c, d) }

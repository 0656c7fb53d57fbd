package commands

import (
	"context"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Payable is a case's outstanding bill as an applicant pays it online.
type Payable struct {
	Bill           billing.Bill
	Rials          int64
	TrackingNumber string
}

// RuleNoBill refuses to start an online payment of a case with no bill to pay.
const RuleNoBill = "payment.no_bill"

// OutstandingBill is the bill actor may pay online on case id: their own open case with
// something owed under a bill.
func (h *Cases) OutstandingBill(ctx context.Context, id uuid.UUID, actor Actor) (Payable, error) {
	c, err := h.load(ctx, id)
	if err != nil {
		return Payable{}, err
	}
	target, err := h.target(c.state, c.who)
	if err != nil {
		return Payable{}, err
	}
	if _, err := h.permit(actor, access.PayOnline, target, false); err != nil {
		return Payable{}, err
	}
	m := c.state.Money
	switch {
	case c.state.Status.Closed():
		return Payable{}, &domain.Error{Code: domain.CodeRuleViolated, Rule: cases.RuleClosed, Message: "the case is " + string(c.state.Status) + "; nothing can be paid on it"}
	case m.Outstanding() <= 0:
		return Payable{}, &domain.Error{Code: domain.CodeRuleViolated, Rule: cases.RulePaymentNothingDue, Message: "nothing is owed on this case"}
	case m.Bill == nil:
		return Payable{}, &domain.Error{Code: domain.CodeRuleViolated, Rule: RuleNoBill, Message: "what is owed has no bill to pay online; pay it at the counter"}
	}
	return Payable{Bill: *m.Bill, Rials: billing.Rials(m.Bill.PaymentID), TrackingNumber: c.state.TrackingNumber}, nil
}

// ConfirmOnlinePayment records a payment the gateway has verified, at the revision it read. It
// asks no access policy: the caller is the payment service once the gateway confirmed the money
// was taken, whoever's browser brought the callback; actor names the gateway in the events.
func (h *Cases) ConfirmOnlinePayment(ctx context.Context, id uuid.UUID, cmd cases.ConfirmOnlinePayment, actor Actor) (Result, error) {
	cmd.At = h.now()
	c, err := h.load(ctx, id)
	if err != nil {
		return Result{}, err
	}
	if !c.state.Exists() {
		return Result{}, access.CaseNotFound()
	}
	deps, err := h.deps(c.state, cmd)
	if err != nil {
		return Result{}, err
	}
	events, err := cases.Decide(c.state, cmd, deps)
	if err != nil {
		return Result{}, err
	}
	return h.append(ctx, h.ids(ctx), cases.StreamName(id), id, c.rev, events, actor)
}

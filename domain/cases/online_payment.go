package cases

import (
	"slices"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/billing"
)

// ChannelGateway is the channel of payments verified with the internet payment gateway.
const ChannelGateway = "gateway"

// ConfirmOnlinePayment records a payment the internet payment gateway has verified for a bill.
// Unlike a clerk's RecordPayment it is not refused for the case's sake: the money has already
// been taken, so what the case cannot take is recorded as owed back (PaymentRefundDue). Only a
// payment already recorded (its gateway reference) is refused, so a repeated callback appends
// nothing.
type ConfirmOnlinePayment struct {
	Rials     int64        `json:"rials"`
	Reference string       `json:"reference"` // the gateway's reference of the payment (Zarinpal's ref_id)
	Bill      billing.Bill `json:"bill"`      // the bill the payment was started for
	At        time.Time    `json:"-"`
}

// RefundReason says why money taken is owed back.
type RefundReason string

// Why a verified payment was not taken as paid.
const (
	RefundCaseClosed     RefundReason = "case_closed"      // cancelled, withdrawn, rejected… meanwhile
	RefundBillSettled    RefundReason = "bill_settled"     // the bill was paid through another channel first
	RefundBillNotCurrent RefundReason = "bill_not_current" // the bill was replaced (part paid or waived, re-assessed)
	RefundAmountMismatch RefundReason = "amount_mismatch"  // the gateway took another amount than the bill's
)

// PaymentRefundDue is money the gateway took that the case did not owe: recorded so staff see
// it (case history, refund_due) and pay it back.
type PaymentRefundDue struct {
	Rials     int64         `json:"rials"`
	Channel   string        `json:"channel"`
	Reference string        `json:"reference"`
	Bill      *billing.Bill `json:"bill,omitempty"`
	Reason    RefundReason  `json:"reason"`
	At        time.Time     `json:"at"`
}

func (*PaymentRefundDue) EventType() string       { return TypePaymentRefundDue }
func (e *PaymentRefundDue) OccurredAt() time.Time { return e.At }

// Validate checks amount, reference and the bill's check digits.
func (c ConfirmOnlinePayment) Validate() error {
	var f fields
	f.positive("rials", c.Rials)
	f.required("reference", c.Reference, "the gateway's reference")
	f.ident("bill.", billing.Check(c.Bill))
	return f.Err()
}

func (c ConfirmOnlinePayment) decide(s State, _ Deps) (domain.Event, error) {
	if slices.Contains(s.Money.References, c.Reference) {
		return nil, refuse(RulePaymentDuplicateRef, "payment %s is already recorded", c.Reference)
	}
	b := billing.Canonical(c.Bill)
	if reason := refundReason(s, b, c.Rials); reason != "" {
		return &PaymentRefundDue{Rials: c.Rials, Channel: ChannelGateway, Reference: c.Reference, Bill: &b, Reason: reason, At: c.At}, nil
	}
	return &PaymentRecorded{Rials: c.Rials, Channel: ChannelGateway, Reference: c.Reference, Bill: &b,
		PaidTotal: s.Money.Paid + c.Rials, PaidInFull: c.Rials == s.Money.Outstanding(), At: c.At}, nil
}

// refundReason is why a verified payment of rials for bill b cannot settle the case, "" when it can.
func refundReason(s State, b billing.Bill, rials int64) RefundReason {
	switch {
	case s.Status.Closed():
		return RefundCaseClosed
	case slices.Contains(s.Money.Settled, settledKey(b)):
		return RefundBillSettled
	case s.Money.Bill == nil || *s.Money.Bill != b:
		return RefundBillNotCurrent
	case rials != billing.Rials(b.PaymentID):
		return RefundAmountMismatch
	}
	return ""
}

package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// FeeAssessed stores the whole assessment (schedule version, inputs, every line), so anyone can
// recompute it with fees.Assess.
type FeeAssessed struct {
	Timing                     // moves the legal clock when the event changes whom the case waits on
	Assessment fees.Assessment `json:"assessment"`
	// Bill is what the banks accept for the amount owed after the assessment; none for a case
	// without a tracking number or an amount the scheme cannot carry (billing).
	Bill *billing.Bill `json:"bill,omitempty"`
	At   time.Time     `json:"at"`
}

// FeeWaived forgives what is still owed.
type FeeWaived struct {
	Timing           // moves the legal clock when the event changes whom the case waits on
	Rials  int64     `json:"rials"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// PaymentRecorded is one payment or instalment. PaidTotal and PaidInFull are the running sum
// after it, kept so readers need not add up the history.
type PaymentRecorded struct {
	Timing            // moves the legal clock when the event changes whom the case waits on
	Rials      int64  `json:"rials"`
	Channel    string `json:"channel"`
	Reference  string `json:"reference"`
	Instalment int    `json:"instalment,omitempty"`
	// Bill is the bill this payment settled, when it was paid by its bill and payment IDs
	// (a bank, the gateway); a counter instalment has none.
	Bill       *billing.Bill `json:"bill,omitempty"`
	PaidTotal  int64         `json:"paid_total"`
	PaidInFull bool          `json:"paid_in_full"`
	At         time.Time     `json:"at"`
}

func (*FeeAssessed) EventType() string     { return TypeFeeAssessed }
func (*FeeWaived) EventType() string       { return TypeFeeWaived }
func (*PaymentRecorded) EventType() string { return TypePaymentRecorded }

func (e *FeeAssessed) OccurredAt() time.Time     { return e.At }
func (e *FeeWaived) OccurredAt() time.Time       { return e.At }
func (e *PaymentRecorded) OccurredAt() time.Time { return e.At }

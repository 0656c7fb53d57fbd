package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// AssessFee charges the case under a fee schedule. The application layer picks the schedule
// (the one in force, or the version the request names) and passes it in, so Decide stays pure.
type AssessFee struct {
	Inputs          fees.Inputs    `json:"inputs"`
	ScheduleVersion string         `json:"schedule_version"` // empty: the schedule in force
	Schedule        *fees.Schedule `json:"-"`
	At              time.Time      `json:"-"`
}

// RecordPayment records one payment or instalment.
type RecordPayment struct {
	Rials      int64  `json:"rials"`
	Channel    string `json:"channel"`
	Reference  string `json:"reference"`
	Instalment int    `json:"instalment"`
	// BillID and PaymentID name the bill a bank reports paid (channel bill_payment): the
	// payment then settles that bill, once whatever the channel.
	BillID    string    `json:"bill_id,omitempty"`
	PaymentID string    `json:"payment_id,omitempty"`
	At        time.Time `json:"-"`
}

// WaiveFee forgives what is still owed, for a reason.
type WaiveFee struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// PaymentChannels are the ways money reaches the revenue unit at its counter. A clerk also
// records ChannelBillPayment; ChannelGateway payments come only through ConfirmOnlinePayment.
var PaymentChannels = []string{"card", "bank_transfer", "pos", "cash", "cheque"}

// ChannelBillPayment is a bank's report of a bill paid by its bill and payment IDs (ATM,
// mobile bank, internet bank).
const ChannelBillPayment = "bill_payment"

// Validate checks a schedule was found.
func (c AssessFee) Validate() error {
	var f fields
	if c.Schedule == nil {
		f.Add("schedule_version", "unknown", "no fee schedule "+c.ScheduleVersion)
	}
	return f.Err()
}

// Validate checks amount, channel and reference.
func (c RecordPayment) Validate() error {
	var f fields
	f.positive("rials", c.Rials)
	f.oneOf("channel", c.Channel, append(PaymentChannels[:len(PaymentChannels):len(PaymentChannels)], ChannelBillPayment)...)
	f.required("reference", c.Reference, "the payment reference")
	if c.Instalment < 0 {
		f.Add("instalment", "negative", "the instalment number must not be negative")
	}
	if c.BillID != "" || c.PaymentID != "" || c.Channel == ChannelBillPayment {
		f.ident("", billing.Check(c.bill()))
	}
	return f.Err()
}

// Validate checks the reason.
func (c WaiveFee) Validate() error {
	var f fields
	f.required("reason", c.Reason, "the reason for the waiver")
	return f.Err()
}

// bill is the bill c names, as billing writes it.
func (c RecordPayment) bill() billing.Bill {
	return billing.Canonical(billing.Bill{BillID: c.BillID, PaymentID: c.PaymentID})
}

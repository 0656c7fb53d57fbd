package cases

import (
	"time"

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
	Rials      int64     `json:"rials"`
	Channel    string    `json:"channel"`
	Reference  string    `json:"reference"`
	Instalment int       `json:"instalment"`
	At         time.Time `json:"-"`
}

// WaiveFee forgives what is still owed, for a reason.
type WaiveFee struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// PaymentChannels are the ways money reaches the revenue unit.
var PaymentChannels = []string{"card", "bank_transfer", "pos", "cash", "cheque"}

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
	f.oneOf("channel", c.Channel, PaymentChannels...)
	f.required("reference", c.Reference, "the payment reference")
	if c.Instalment < 0 {
		f.Add("instalment", "negative", "the instalment number must not be negative")
	}
	return f.Err()
}

// Validate checks the reason.
func (c WaiveFee) Validate() error {
	var f fields
	f.required("reason", c.Reason, "the reason for the waiver")
	return f.Err()
}

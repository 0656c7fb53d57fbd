// Package payments is online payment of fees: it starts a payment of a case's outstanding bill
// at an internet payment gateway, verifies the payer's return with the gateway before anything
// is recorded on the case, keeps its own record of every gateway transaction, and reconciles
// that record with the gateway and the case events day by day.
package payments

import (
	"context"
	"errors"
	"time"
)

// Gateway is an internet payment gateway (Shaparak's PSP flow: request → redirect → callback →
// verify). zarinpal.Client is the adapter; zarinpaltest serves the same API in process.
type Gateway interface {
	// Name is the gateway's name as payment records and events carry it.
	Name() string
	// Request opens a payment and says where to send the payer.
	Request(ctx context.Context, r Request) (Started, error)
	// Verify confirms a returned payment of exactly rials; the money is the merchant's only then.
	Verify(ctx context.Context, authority string, rials int64) (Verified, error)
	// Unverified lists payments the gateway took that were never verified (the payer did not
	// come back), which reconciliation reports and the gateway returns after a while.
	Unverified(ctx context.Context) ([]Unverified, error)
}

// Request is one payment to open.
type Request struct {
	Rials       int64
	Description string // what the payer sees at the gateway
	CallbackURL string
	OrderID     string // the case's tracking number or id, for the merchant's panel
}

// Started is an opened payment: the gateway's authority and the page the payer goes to.
type Started struct {
	Authority   string
	RedirectURL string
}

// Verified is a payment the gateway confirmed.
type Verified struct {
	RefID   string // the gateway's reference, shown to the payer and recorded on the case
	CardPAN string // masked card number, for staff tracing a refund
	// Again says the gateway had verified it before (Zarinpal's code 101): a repeated callback.
	Again bool
}

// Unverified is a payment the gateway holds unverified.
type Unverified struct {
	Authority string
	Rials     int64
	At        time.Time
}

// Refusals a gateway's answers map to; anything else is the gateway failing.
var (
	ErrNotPaid        = errors.New("payments: the gateway has no successful payment for this authority")
	ErrAmountMismatch = errors.New("payments: the gateway's amount differs from the bill's")
	ErrUnknown        = errors.New("payments: the gateway does not know this authority")
	ErrRejected       = errors.New("payments: the gateway refused the request")
)

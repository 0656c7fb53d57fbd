package outbox

import (
	"context"
	"errors"
	"fmt"
)

// Channel names a way of reaching someone; each has one Provider.
type Channel string

// ChannelSMS reaches an applicant's mobile phone.
const ChannelSMS Channel = "sms"

// Message is one delivery as a provider sees it.
type Message struct {
	// Key is the delivery's duplicate guard: the same message sent twice carries the same Key,
	// and a provider whose API can drop duplicates by it must pass it on.
	Key  int64
	To   string // the recipient (a normalised mobile number for SMS): personal data, never logged
	Body string
}

// Provider hands messages to an outside service.
type Provider interface {
	// Send delivers m and returns the provider's id for it. An error wrapping ErrPermanent will
	// fail the same way on every retry (a bad number, a bad key) and dead-letters at once.
	Send(ctx context.Context, m Message) (providerID string, err error)
}

// ErrPermanent marks a provider error that retrying cannot cure.
var ErrPermanent = errors.New("outbox: permanent provider error")

// Permanent wraps err as a permanent failure.
func Permanent(err error) error { return fmt.Errorf("%w: %w", ErrPermanent, err) }

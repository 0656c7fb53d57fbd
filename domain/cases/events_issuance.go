package cases

import "time"

// Issued hands out the certificate or permit. VerificationCode lets the public check it;
// ValidUntil is absent for documents that do not expire. Zoning is what a land-use reply
// states; replies issued before replies had content have none.
type Issued struct {
	Document         string     `json:"document"`
	Number           string     `json:"number"`
	VerificationCode string     `json:"verification_code"`
	ValidUntil       *time.Time `json:"valid_until,omitempty"`
	Zoning           *Zoning    `json:"zoning,omitempty"`
	At               time.Time  `json:"at"`
}

// Expired marks an issued document past its validity.
type Expired struct {
	At time.Time `json:"at"`
}

// Renewed extends an issued (or expired) document's validity.
type Renewed struct {
	ValidUntil time.Time `json:"valid_until"`
	At         time.Time `json:"at"`
}

// Revoked withdraws an issued document.
type Revoked struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

func (*Issued) EventType() string  { return TypeIssued }
func (*Expired) EventType() string { return TypeExpired }
func (*Renewed) EventType() string { return TypeRenewed }
func (*Revoked) EventType() string { return TypeRevoked }

func (e *Issued) OccurredAt() time.Time  { return e.At }
func (e *Expired) OccurredAt() time.Time { return e.At }
func (e *Renewed) OccurredAt() time.Time { return e.At }
func (e *Revoked) OccurredAt() time.Time { return e.At }

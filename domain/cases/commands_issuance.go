package cases

import (
	"time"
)

// Issue hands out the certificate or permit. The application layer makes the number and the
// public verification code and reads the holds on the case's plot; it writes its marker on
// the plot stream at PlotRevision, so a hold placed since the read conflicts. Zoning is the
// content staff state in a land-use reply (catalogue.ContentZoning), nil for other documents.
type Issue struct {
	Zoning           *Zoning   `json:"zoning,omitempty"`
	Number           string    `json:"-"`
	VerificationCode string    `json:"-"`
	PlotHolds        PlotHolds `json:"-"`
	PlotRevision     int64     `json:"-"` // of the plot stream PlotHolds were read at (-1: none yet)
	At               time.Time `json:"-"`
}

// Expire marks an issued document past its validity.
type Expire struct {
	At time.Time `json:"-"`
}

// Renew extends an issued document by the service's validity.
type Renew struct {
	At time.Time `json:"-"`
}

// Revoke withdraws an issued document.
type Revoke struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// Validate checks the number and code were made and the zoning, when given, is sane.
func (c Issue) Validate() error {
	var f fields
	if c.Zoning != nil {
		f = c.Zoning.check()
	}
	f.required("number", c.Number, "the document number")
	f.required("verification_code", c.VerificationCode, "the verification code")
	return f.Err()
}

// Validate has nothing to check.
func (c Expire) Validate() error { return nil }

// Validate has nothing to check.
func (c Renew) Validate() error { return nil }

// Validate checks the reason.
func (c Revoke) Validate() error {
	var f fields
	f.required("reason", c.Reason, "the reason for the revocation")
	return f.Err()
}

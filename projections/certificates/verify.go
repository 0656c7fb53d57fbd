package certificates

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// Status is what a verification finds.
type Status string

// The answers of Verify.
const (
	StatusValid   Status = "valid"
	StatusRevoked Status = "revoked"
	StatusExpired Status = "expired"
	StatusUnknown Status = "unknown" // no such number, or the code does not match it
)

// Verification is the public answer about one document: never personal data.
type Verification struct {
	Status     Status     `json:"status"`
	Number     string     `json:"number"`
	Service    string     `json:"service,omitempty"`
	Document   string     `json:"document,omitempty"`
	IssuedAt   *time.Time `json:"issued_at,omitempty"`
	ValidUntil *time.Time `json:"valid_until,omitempty"`
	District   string     `json:"district,omitempty"`
	// Plot and Section name the property, so a code shown for another plot is seen not to match.
	Plot    *string `json:"plot,omitempty"`
	Section *int    `json:"plot_section,omitempty"`
	// What the document permits, as the case's fee assessment recorded it; nil when it had none.
	LandUse *string `json:"land_use,omitempty"`
	Floors  *int    `json:"floors,omitempty"`
	AreaDM2 *int64  `json:"area_dm2,omitempty"`
	// Zoning is what a land-use reply states, so a bank or notary reads it from the register,
	// not from a paper that could have been altered.
	Zoning *cases.ZoningReply `json:"zoning,omitempty"`
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers verifications from the live register.
type Reader struct {
	Reads Reads
	Now   func() time.Time // expiry is also by valid_until passing, before any Expired event
}

// Verify checks a document's number and code. A wrong code answers unknown, exactly as a
// wrong number does, so guessing tells nothing about which numbers exist.
func (r Reader) Verify(ctx context.Context, number, code string) (Verification, error) {
	number, code = strings.ToUpper(strings.TrimSpace(number)), strings.TrimSpace(code)
	v := Verification{Status: StatusUnknown, Number: number}
	found := false
	var zoning []byte
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT service, document, district, plot, plot_section, salt, code_hash, issued_at, valid_until, status,
			land_use, floors, area_dm2, zoning FROM certificate WHERE number = $1`, number)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() && !found {
			var salt, want []byte
			if err := rows.Scan(&v.Service, &v.Document, &v.District, &v.Plot, &v.Section, &salt, &want, &v.IssuedAt, &v.ValidUntil, &v.Status,
				&v.LandUse, &v.Floors, &v.AreaDM2, &zoning); err != nil {
				return err
			}
			found = subtle.ConstantTimeCompare(hash(salt, code), want) == 1
		}
		return rows.Err()
	})
	if err != nil {
		return Verification{}, err
	}
	if !found {
		return Verification{Status: StatusUnknown, Number: number}, nil
	}
	if zoning != nil {
		var z cases.Zoning
		if err := json.Unmarshal(zoning, &z); err != nil {
			return Verification{}, err
		}
		reply := z.Reply()
		v.Zoning = &reply
	}
	if v.Status == StatusValid && v.ValidUntil != nil && r.now().After(*v.ValidUntil) {
		v.Status = StatusExpired
	}
	return v, nil
}

func (r Reader) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

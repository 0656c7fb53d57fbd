package casesummary

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// TrackKey is what the public /track page compares: hex SHA-256 of the case's tracking number
// (printed form) and the last four digits of the applicant's national ID. The number salts the
// hash per case, so equal last fours do not give equal keys across rows. Four digits are 10 000
// guesses: the key keeps them out of the table and its dumps, and the page's rate limit, not the
// hash, is what stops guessing. Empty when either part is missing, so such a case never matches.
func TrackKey(number, nationalID string) string {
	nid := ident.CanonicalNationalID(nationalID)
	if number == "" || len(nid) < 4 {
		return ""
	}
	return trackKey(number, nid[len(nid)-4:])
}

func trackKey(number, last4 string) string {
	sum := sha256.Sum256([]byte("shafaf.track:" + number + ":" + last4))
	return hex.EncodeToString(sum[:])
}

// Track reads the case with tracking number (printed form) whose applicant's national ID ends
// in last4. An unknown number and a wrong last4 are the same NotFound, so the page answering a
// citizen cannot tell anyone which numbers exist.
func (r Reader) Track(ctx context.Context, number, last4 string) (Case, error) {
	if number == "" || len(last4) != 4 {
		return Case{}, access.CaseNotFound()
	}
	return r.one(ctx, func(tx pgx.Tx) (Case, error) {
		c, err := scanCase(tx.QueryRow(ctx, `SELECT `+caseColumns+` FROM case_summary WHERE tracking_number = $1 AND track_key = $2`,
			number, trackKey(number, last4)))
		if errors.Is(err, pgx.ErrNoRows) {
			return Case{}, access.CaseNotFound()
		}
		return c, err
	})
}

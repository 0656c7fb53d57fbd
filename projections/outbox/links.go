package outbox

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Links resolves the short links texts carry (/c/<token>) to the reference of their case.
type Links struct{ Pool *pgxpool.Pool }

// linkLen is a token's length; see newLink.
const linkLen = 10

// normalizeLink reads a token as a person may have retyped it (any case, surrounding blanks);
// ok is false for anything newLink cannot have made, which then costs no query.
func normalizeLink(token string) (string, bool) {
	token = strings.ToLower(strings.TrimSpace(token))
	if len(token) != linkLen || strings.Trim(token, linkAlphabet) != "" {
		return "", false
	}
	return token, true
}

// Resolve returns the reference texts quote for the case whose link token is (its tracking
// number, or for a case older than numbers its short id); found is false for a token no case
// has. Nothing else of the case leaves here.
func (l Links) Resolve(ctx context.Context, token string) (ref string, found bool, err error) {
	token, ok := normalizeLink(token)
	if !ok {
		return "", false, nil
	}
	err = l.Pool.QueryRow(ctx, "SELECT ref FROM notify.cases WHERE link = $1", token).Scan(&ref)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return ref, err == nil, err
}

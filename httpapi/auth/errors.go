package auth

import (
	"errors"
	"time"
)

// Code tells the HTTP layer which kind of authentication failure happened,
// so it can pick the status and the WWW-Authenticate challenge.
type Code string

// Failure codes. All but CodeRateLimited and CodeKeysUnavailable are 401s
// with `WWW-Authenticate: Bearer error="invalid_token"` (CodeMissing: no
// error attribute, per RFC 6750 §3.1).
const (
	CodeMissing         Code = "token_missing"
	CodeInvalid         Code = "token_invalid"
	CodeExpired         Code = "token_expired"
	CodeNotYetValid     Code = "token_not_yet_valid"
	CodeWrongIssuer     Code = "token_wrong_issuer"
	CodeWrongAudience   Code = "token_wrong_audience"
	CodeRateLimited     Code = "too_many_failures" // 429 with Retry-After
	CodeKeysUnavailable Code = "keys_unavailable"  // 503: the key set could not be fetched
)

// Error is every authentication failure; match it with errors.As.
type Error struct {
	Code Code
	// RetryAfter is set for CodeRateLimited: how long the client must wait.
	RetryAfter time.Duration
	// Err is the underlying cause, for logs only; never echo it to clients.
	Err error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return "auth: " + string(e.Code)
	}
	return "auth: " + string(e.Code) + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNotConfigured is returned by ConfigFromEnv when no key source is set at
// all, so the caller can choose dev mode deliberately instead of by accident.
var ErrNotConfigured = errors.New("auth: no JWKS URL or public key configured")

func failure(code Code, err error) *Error { return &Error{Code: code, Err: err} }

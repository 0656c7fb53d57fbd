package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/zap"
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
	// Token is what the refused token said about itself, for logs only.
	Token TokenFacts
}

// TokenFacts are the unverified header and claims an operator needs to see why a token was
// refused (which provider, which audience, which key): nothing personal, never the token.
type TokenFacts struct {
	Issuer    string
	Audience  []string
	KeyID     string
	Algorithm string
}

// factsOf reads TokenFacts from a token without verifying it; a token that does not parse
// yields what could be read.
func factsOf(raw string) TokenFacts {
	claims := jwt.MapClaims{}
	token, _, err := jwt.NewParser().ParseUnverified(raw, claims)
	if err != nil && token == nil {
		return TokenFacts{}
	}
	var f TokenFacts
	f.KeyID, _ = token.Header["kid"].(string)
	f.Algorithm, _ = token.Header["alg"].(string)
	f.Issuer, _ = claims.GetIssuer()
	f.Audience, _ = claims.GetAudience()
	return f
}

// fields are the log fields of a refused token.
func (e *Error) fields() []zap.Field {
	cause := "-"
	if e.Err != nil {
		cause = e.Err.Error()
	}
	return []zap.Field{zap.String("code", string(e.Code)), zap.String("cause", cause), zap.String("iss", e.Token.Issuer),
		zap.Strings("aud", e.Token.Audience), zap.String("kid", e.Token.KeyID), zap.String("alg", e.Token.Algorithm)}
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

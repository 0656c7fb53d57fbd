package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Verifier checks bearer tokens and turns them into Principals. Build one
// per process with NewVerifier (or DevIssuer.Verifier) and share it.
type Verifier struct {
	parser   *jwt.Parser
	keys     keySource
	claims   claimReader
	failures *limiter
}

// Option tunes a Verifier beyond what Config holds.
type Option func(*options)

type options struct {
	client       *http.Client
	now          func() time.Time
	failureBurst int
	failureEvery time.Duration
}

// WithHTTPClient sets the client that fetches the JWKS (proxies, TLS roots).
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.client = c } }

// WithClock replaces time.Now for expiry checks, key-set caching and
// failure limiting, so tests can move time instead of sleeping.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithFailureLimit lets each client IP fail authentication burst times,
// then once per every; beyond that the middleware answers a refused token
// with CodeRateLimited. Only failures count: a valid token always passes.
func WithFailureLimit(burst int, every time.Duration) Option {
	return func(o *options) { o.failureBurst, o.failureEvery = burst, every }
}

// Tuning defaults: clock skew tolerated, key-set lifetime and the minimum
// gap between fetches, and the largest token worth parsing.
const (
	leeway          = 30 * time.Second
	jwksTTL         = 15 * time.Minute
	jwksMinInterval = 30 * time.Second
	maxTokenBytes   = 16 << 10
)

// NewVerifier validates cfg and builds a Verifier; with a JWKS URL the key
// set is fetched lazily on the first token.
func NewVerifier(cfg Config, opts ...Option) (*Verifier, error) {
	o := options{client: &http.Client{Timeout: 10 * time.Second}, now: time.Now, failureBurst: 10, failureEvery: 6 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if o.failureBurst < 1 || o.failureEvery <= 0 {
		return nil, fmt.Errorf("auth: failure limit needs a burst ≥ 1 and a positive interval")
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	var keys keySource
	switch {
	case cfg.JWKSURL != "":
		keys = &jwks{url: cfg.JWKSURL, client: o.client, now: o.now, ttl: jwksTTL, minInterval: jwksMinInterval}
	case cfg.PublicKeyFile != "":
		key, err := readPublicKey(cfg.PublicKeyFile)
		if err != nil {
			return nil, err
		}
		keys = fixedKey{key}
	default:
		keys = fixedKey{cfg.HMACSecret}
	}
	return &Verifier{
		parser: jwt.NewParser(
			jwt.WithValidMethods(cfg.Algorithms),
			jwt.WithIssuer(cfg.Issuer),
			jwt.WithAudience(cfg.Audience...),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(leeway),
			jwt.WithTimeFunc(o.now),
			jwt.WithJSONNumber(),
		),
		keys:     keys,
		claims:   claimReader{roles: cfg.RolesClaim, department: cfg.DepartmentClaim, nationalID: cfg.NationalIDClaim},
		failures: newLimiter(o.failureBurst, o.failureEvery, o.now),
	}, nil
}

// Verify checks a raw token (without the "Bearer " prefix). Every failure is
// an *Error; its Code says why.
func (v *Verifier) Verify(ctx context.Context, raw string) (Principal, error) {
	if raw == "" {
		return Principal{}, failure(CodeMissing, nil)
	}
	if len(raw) > maxTokenBytes {
		return Principal{}, failure(CodeInvalid, fmt.Errorf("token of %d bytes is too large", len(raw)))
	}
	token, err := v.parser.Parse(raw, func(t *jwt.Token) (any, error) {
		if typ, _ := t.Header["typ"].(string); !acceptedType(typ) {
			return nil, fmt.Errorf("token type %q is not an access token", typ)
		}
		kid, _ := t.Header["kid"].(string)
		return v.keys.key(ctx, kid, t.Method.Alg())
	})
	if err != nil {
		return Principal{}, classify(err)
	}
	p, err := v.claims.principal(token.Claims.(jwt.MapClaims))
	if err != nil {
		return Principal{}, failure(CodeInvalid, err)
	}
	return p, nil
}

// acceptedType admits plain JWTs and RFC 9068 access tokens.
func acceptedType(typ string) bool {
	switch strings.ToLower(typ) {
	case "", "jwt", "at+jwt", "application/at+jwt":
		return true
	}
	return false
}

func classify(err error) *Error {
	var authErr *Error
	if errors.As(err, &authErr) {
		return authErr
	}
	for _, c := range []struct {
		is   error
		code Code
	}{
		{jwt.ErrTokenExpired, CodeExpired},
		{jwt.ErrTokenNotValidYet, CodeNotYetValid},
		{jwt.ErrTokenInvalidIssuer, CodeWrongIssuer},
		{jwt.ErrTokenInvalidAudience, CodeWrongAudience},
	} {
		if errors.Is(err, c.is) {
			return failure(c.code, err)
		}
	}
	return failure(CodeInvalid, err)
}

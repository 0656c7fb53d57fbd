package auth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
)

// Verifier checks bearer tokens and turns them into Principals. Build one
// per process with NewVerifier (or DevIssuer.Verifier) and share it.
type Verifier struct {
	parser   *jwt.Parser
	keys     keySource
	claims   claimReader
	failures *limiter
	verified *verifiedTokens
	log      *zap.Logger
	// expected is what a token must carry, logged beside what a refused one did.
	expected []zap.Field
}

// Option tunes a Verifier beyond what Config holds.
type Option func(*options)

type options struct {
	client       *http.Client
	now          func() time.Time
	failureBurst int
	failureEvery time.Duration
	log          *zap.Logger
}

// WithLogger logs every refused token at info: its cause, and the token's iss, aud, kid and
// alg beside the expected values, never the token or its personal claims.
func WithLogger(l *zap.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithHTTPClient sets the client that fetches the JWKS (proxies, TLS roots); it replaces
// the one Config.CAFile would build.
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

// Tuning defaults: clock skew tolerated and the largest token worth parsing.
const (
	leeway        = 30 * time.Second
	maxTokenBytes = 16 << 10
)

// NewVerifier validates cfg and builds a Verifier; a key set is fetched on the first token
// or the first call to Ready.
func NewVerifier(cfg Config, opts ...Option) (*Verifier, error) {
	o := options{now: time.Now, failureBurst: 10, failureEvery: 6 * time.Second, log: zap.NewNop()}
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
	if o.client == nil {
		var err error
		if o.client, err = providerClient(cfg.CAFile); err != nil {
			return nil, err
		}
	}
	claims, err := newClaimReader(cfg)
	if err != nil {
		return nil, err
	}
	var keys keySource
	switch {
	case cfg.JWKSURL != "" || cfg.OIDCIssuer != "":
		set := &jwks{url: cfg.JWKSURL, client: o.client, now: o.now, maxAge: cfg.KeysMaxAge, early: newLimiter(refreshBurst, refreshEvery, o.now)}
		if cfg.OIDCIssuer != "" {
			set.discover = discoverer(cfg.OIDCIssuer, o.client)
		}
		keys = set
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
		claims:   claims,
		failures: newLimiter(o.failureBurst, o.failureEvery, o.now),
		verified: newVerifiedTokens(o.now),
		log:      o.log,
		expected: []zap.Field{zap.String("expected_iss", cfg.Issuer), zap.Strings("expected_aud", cfg.Audience), zap.Strings("expected_alg", cfg.Algorithms)},
	}, nil
}

// Ready says whether tokens can be verified: with a key set, that it has been fetched (or is
// fetched now) and holds usable keys. Start-up and /readyz call it, so a wrong URL, an
// unreachable provider or an empty set is reported by name instead of as 401s.
func (v *Verifier) Ready(ctx context.Context) error {
	if set, ok := v.keys.(*jwks); ok {
		return set.ready(ctx)
	}
	return nil
}

func newClaimReader(cfg Config) (claimReader, error) {
	var r claimReader
	var err error
	for _, p := range []struct {
		dst *claimPath
		raw string
	}{{&r.roles, cfg.RolesClaim}, {&r.department, cfg.DepartmentClaim}, {&r.nationalID, cfg.NationalIDClaim}} {
		if *p.dst, err = parseClaimPath(p.raw); err != nil {
			return claimReader{}, err
		}
	}
	if cfg.RoleMap != nil {
		r.roleMap = map[string]access.Role{}
		for from, to := range cfg.RoleMap {
			r.roleMap[from] = access.Role(to)
		}
	}
	r.departmentMap = cfg.DepartmentMap
	return r, nil
}

// providerClient fetches from the identity provider, trusting caFile's CAs besides the
// system's when given.
func providerClient(caFile string) (*http.Client, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	if caFile == "" {
		return client, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("auth: SHAFAF_OIDC_CA_FILE: %w", err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("auth: SHAFAF_OIDC_CA_FILE %s holds no PEM certificate", caFile)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	client.Transport = transport
	return client, nil
}

// Verify checks a raw token (without the "Bearer " prefix). Every authentication failure is
// an *Error; its Code says why. A valid token without a Shafaf role is a *domain.Error with
// Rule RuleNoRole (403).
func (v *Verifier) Verify(ctx context.Context, raw string) (Principal, error) {
	p, err := v.verify(ctx, raw)
	var authErr *Error
	if errors.As(err, &authErr) && authErr.Code != CodeMissing {
		authErr.Token = factsOf(raw)
	}
	return p, err
}

func (v *Verifier) verify(ctx context.Context, raw string) (Principal, error) {
	if raw == "" {
		return Principal{}, failure(CodeMissing, nil)
	}
	if len(raw) > maxTokenBytes {
		return Principal{}, failure(CodeInvalid, fmt.Errorf("token of %d bytes is too large", len(raw)))
	}
	if p, ok := v.verified.get(raw); ok {
		return p, nil
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
	if de := (*domain.Error)(nil); errors.As(err, &de) {
		return Principal{}, err
	}
	if err != nil {
		return Principal{}, failure(CodeInvalid, err)
	}
	v.verified.put(raw, p)
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

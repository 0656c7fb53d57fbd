package auth

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/domain/access"
)

// DevIssuer mints HS256 tokens for local development and demos, so the API
// can be exercised without an identity provider. Never use it in production:
// anyone holding the secret can become admin.
type DevIssuer struct {
	secret []byte
}

// Dev token identity; the dev verifier accepts exactly these.
const (
	DevIssuerName = "shafaf-dev"
	DevAudience   = "shafaf"
)

// NewDevIssuer generates a random secret; tokens die with the process.
func NewDevIssuer() *DevIssuer {
	secret := make([]byte, 32)
	rand.Read(secret) // never fails since Go 1.24
	return &DevIssuer{secret: secret}
}

// NewDevIssuerWithSecret shares a secret between processes, e.g. a server
// and a `shafaf token` command reading the same environment variable.
func NewDevIssuerWithSecret(secret []byte) (*DevIssuer, error) {
	if len(secret) < 32 {
		return nil, fmt.Errorf("auth: dev secret must be at least 32 bytes, got %d", len(secret))
	}
	return &DevIssuer{secret: append([]byte(nil), secret...)}, nil
}

// Config is the verifier configuration matching the issuer's tokens.
func (d *DevIssuer) Config() Config {
	return Config{
		HMACSecret: d.secret, Issuer: DevIssuerName, Audience: []string{DevAudience},
		Algorithms: []string{"HS256"}, RolesClaim: "roles",
		DepartmentClaim: DefaultDepartmentClaim, NationalIDClaim: DefaultNationalIDClaim,
	}
}

// Verifier accepts the issuer's tokens and nothing else.
func (d *DevIssuer) Verifier(opts ...Option) (*Verifier, error) {
	return NewVerifier(d.Config(), opts...)
}

// Token mints an RFC 9068 access token for one role, valid for ttl.
func (d *DevIssuer) Token(role, sub, department, nationalID string, ttl time.Duration) (string, error) {
	r, err := access.ParseRole(role)
	if err != nil {
		return "", err
	}
	if sub == "" || ttl <= 0 {
		return "", fmt.Errorf("auth: dev token needs a subject and a positive ttl")
	}
	now := time.Now()
	claims := jwt.MapClaims{
		"iss": DevIssuerName, "aud": DevAudience, "sub": sub,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(),
		"roles": []string{string(r)}, "typ": "Bearer",
	}
	if department != "" {
		claims[DefaultDepartmentClaim] = department
	}
	if nationalID != "" {
		claims[DefaultNationalIDClaim] = nationalID
	}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	token.Header["typ"] = "at+jwt"
	return token.SignedString(d.secret)
}

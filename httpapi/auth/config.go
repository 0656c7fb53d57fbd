package auth

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Config says where verification keys come from and how to read claims.
// Exactly one key source must be set.
type Config struct {
	// JWKSURL is an OIDC provider's key set (Keycloak: .../protocol/openid-connect/certs).
	JWKSURL string
	// PublicKeyFile is a PEM public key or certificate, for providers without JWKS.
	PublicKeyFile string
	// HMACSecret is for dev mode only; it cannot be set from the environment.
	HMACSecret []byte

	Issuer string
	// Audience lists accepted audiences; a token must carry at least one.
	Audience []string
	// Algorithms is the allow-list of signing algorithms.
	Algorithms []string

	// Claim paths are dotted paths into the claims JSON; a key that itself
	// contains dots (https://example.com/roles) is tried literally first.
	RolesClaim      string
	DepartmentClaim string
	NationalIDClaim string
}

// Defaults fit a Keycloak realm with a protocol mapper for department and
// national ID.
const (
	DefaultRolesClaim      = "realm_access.roles"
	DefaultDepartmentClaim = "department"
	DefaultNationalIDClaim = "national_id"
)

// asymmetric are the algorithms allowed with public keys; HS* is not among
// them so a public key can never be used as an HMAC secret.
var asymmetric = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// ConfigFromEnv reads the SHAFAF_JWT_* / SHAFAF_JWKS_URL variables and
// validates them; it returns ErrNotConfigured when no key source is set.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		JWKSURL:         strings.TrimSpace(getenv("SHAFAF_JWKS_URL")),
		PublicKeyFile:   strings.TrimSpace(getenv("SHAFAF_JWT_PUBLIC_KEY_FILE")),
		Issuer:          strings.TrimSpace(getenv("SHAFAF_JWT_ISSUER")),
		Audience:        splitList(getenv("SHAFAF_JWT_AUDIENCE")),
		Algorithms:      splitList(getenv("SHAFAF_JWT_ALGORITHMS")),
		RolesClaim:      strings.TrimSpace(getenv("SHAFAF_JWT_ROLES_CLAIM")),
		DepartmentClaim: strings.TrimSpace(getenv("SHAFAF_JWT_DEPARTMENT_CLAIM")),
		NationalIDClaim: strings.TrimSpace(getenv("SHAFAF_JWT_NATIONAL_ID_CLAIM")),
	}
	if cfg.JWKSURL == "" && cfg.PublicKeyFile == "" {
		return Config{}, ErrNotConfigured
	}
	cfg = cfg.withDefaults()
	return cfg, cfg.validate()
}

func (c Config) withDefaults() Config {
	if len(c.Algorithms) == 0 {
		c.Algorithms = []string{"RS256", "ES256"}
		if len(c.HMACSecret) > 0 {
			c.Algorithms = []string{"HS256"}
		}
	}
	c.RolesClaim = cmp.Or(c.RolesClaim, DefaultRolesClaim)
	c.DepartmentClaim = cmp.Or(c.DepartmentClaim, DefaultDepartmentClaim)
	c.NationalIDClaim = cmp.Or(c.NationalIDClaim, DefaultNationalIDClaim)
	return c
}

func (c Config) validate() error {
	var errs []error
	sources := 0
	for _, set := range []bool{c.JWKSURL != "", c.PublicKeyFile != "", len(c.HMACSecret) > 0} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		errs = append(errs, errors.New("set exactly one of SHAFAF_JWKS_URL, SHAFAF_JWT_PUBLIC_KEY_FILE or a dev HMAC secret"))
	}
	if c.JWKSURL != "" && !strings.HasPrefix(c.JWKSURL, "https://") && !strings.HasPrefix(c.JWKSURL, "http://") {
		errs = append(errs, fmt.Errorf("SHAFAF_JWKS_URL %q is not an http(s) URL", c.JWKSURL))
	}
	if len(c.HMACSecret) > 0 && len(c.HMACSecret) < 32 {
		errs = append(errs, errors.New("the HMAC secret must be at least 32 bytes"))
	}
	if c.Issuer == "" {
		errs = append(errs, errors.New("SHAFAF_JWT_ISSUER is required"))
	}
	if len(c.Audience) == 0 {
		errs = append(errs, errors.New("SHAFAF_JWT_AUDIENCE is required"))
	}
	allowed := asymmetric
	if len(c.HMACSecret) > 0 {
		allowed = []string{"HS256"}
	}
	for _, alg := range c.Algorithms {
		if !slices.Contains(allowed, alg) {
			errs = append(errs, fmt.Errorf("algorithm %q is not allowed with this key source (allowed: %s)", alg, strings.Join(allowed, ", ")))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("auth config: %w", err)
	}
	return nil
}

// splitList splits a comma-separated variable, dropping blanks.
func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

package auth

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain/access"
)

// Config says where verification keys come from and how to read claims.
// Exactly one key source must be set.
type Config struct {
	// OIDCIssuer is a provider that publishes /.well-known/openid-configuration: its jwks_uri is
	// discovered and its issuer checked against this value. Issuer defaults to it.
	OIDCIssuer string
	// JWKSURL is a provider's key set, for providers without discovery
	// (Keycloak: .../protocol/openid-connect/certs).
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

	// Claim paths are dotted paths into the claims JSON; a name holding dots is quoted
	// (resource_access."shafaf.api".roles), and a whole path (https://example.com/roles) is
	// tried literally first.
	RolesClaim      string
	DepartmentClaim string
	NationalIDClaim string
	// RoleMap maps the provider's role or group names to Shafaf role names; when set, only
	// mapped names count. Empty: the provider uses Shafaf's names.
	RoleMap map[string]string
	// DepartmentMap maps the provider's department values to Shafaf's; when set, an unmapped
	// value is no department. Empty: values are taken as they are.
	DepartmentMap map[string]string

	// KeysMaxAge bounds how long a fetched key set is trusted before it is fetched again (a
	// shorter Cache-Control max-age wins), so a key the provider removed stops verifying.
	KeysMaxAge time.Duration
	// CAFile is a PEM bundle of the CAs that sign the provider's HTTPS certificate, added to
	// the system's.
	CAFile string
}

// Defaults fit a Keycloak realm with a protocol mapper for department and
// national ID.
const (
	DefaultRolesClaim      = "realm_access.roles"
	DefaultDepartmentClaim = "department"
	DefaultNationalIDClaim = "national_id"
	DefaultKeysMaxAge      = 15 * time.Minute
)

// asymmetric are the algorithms allowed with public keys; HS* is not among
// them so a public key can never be used as an HMAC secret.
var asymmetric = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// ConfigFromEnv reads the SHAFAF_JWT_* / SHAFAF_JWKS_URL variables and
// validates them; it returns ErrNotConfigured when no key source is set.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	maxAge, err := duration(getenv("SHAFAF_JWKS_MAX_AGE"))
	if err != nil {
		return Config{}, fmt.Errorf("SHAFAF_JWKS_MAX_AGE: %w", err)
	}
	cfg := Config{
		OIDCIssuer:      strings.TrimSpace(getenv("SHAFAF_OIDC_ISSUER")),
		JWKSURL:         strings.TrimSpace(getenv("SHAFAF_JWKS_URL")),
		PublicKeyFile:   strings.TrimSpace(getenv("SHAFAF_JWT_PUBLIC_KEY_FILE")),
		Issuer:          strings.TrimSpace(getenv("SHAFAF_JWT_ISSUER")),
		Audience:        splitList(getenv("SHAFAF_JWT_AUDIENCE")),
		Algorithms:      splitList(getenv("SHAFAF_JWT_ALGORITHMS")),
		RolesClaim:      strings.TrimSpace(getenv("SHAFAF_JWT_ROLES_CLAIM")),
		DepartmentClaim: strings.TrimSpace(getenv("SHAFAF_JWT_DEPARTMENT_CLAIM")),
		NationalIDClaim: strings.TrimSpace(getenv("SHAFAF_JWT_NATIONAL_ID_CLAIM")),
		RoleMap:         splitMap(getenv("SHAFAF_JWT_ROLE_MAP")),
		DepartmentMap:   splitMap(getenv("SHAFAF_JWT_DEPARTMENT_MAP")),
		KeysMaxAge:      maxAge,
		CAFile:          strings.TrimSpace(getenv("SHAFAF_OIDC_CA_FILE")),
	}
	if cfg.JWKSURL == "" && cfg.PublicKeyFile == "" && cfg.OIDCIssuer == "" {
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
	c.Issuer = cmp.Or(c.Issuer, c.OIDCIssuer)
	c.KeysMaxAge = cmp.Or(c.KeysMaxAge, DefaultKeysMaxAge)
	return c
}

func (c Config) validate() error {
	var errs []error
	sources := 0
	for _, set := range []bool{c.OIDCIssuer != "", c.JWKSURL != "", c.PublicKeyFile != "", len(c.HMACSecret) > 0} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		errs = append(errs, errors.New("set exactly one of SHAFAF_OIDC_ISSUER, SHAFAF_JWKS_URL, SHAFAF_JWT_PUBLIC_KEY_FILE or a dev HMAC secret"))
	}
	for name, u := range map[string]string{"SHAFAF_JWKS_URL": c.JWKSURL, "SHAFAF_OIDC_ISSUER": c.OIDCIssuer} {
		if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			errs = append(errs, fmt.Errorf("%s %q is not an http(s) URL", name, u))
		}
	}
	if c.OIDCIssuer != "" && c.Issuer != c.OIDCIssuer {
		errs = append(errs, fmt.Errorf("SHAFAF_JWT_ISSUER %q differs from SHAFAF_OIDC_ISSUER %q: leave it unset", c.Issuer, c.OIDCIssuer))
	}
	for name, path := range map[string]string{"SHAFAF_JWT_ROLES_CLAIM": c.RolesClaim, "SHAFAF_JWT_DEPARTMENT_CLAIM": c.DepartmentClaim, "SHAFAF_JWT_NATIONAL_ID_CLAIM": c.NationalIDClaim} {
		if _, err := parseClaimPath(path); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	for from, to := range c.RoleMap {
		if _, err := access.ParseRole(to); err != nil {
			errs = append(errs, fmt.Errorf("SHAFAF_JWT_ROLE_MAP maps %q to %q, which is not a Shafaf role (%s)", from, to, roleList()))
		}
	}
	if c.KeysMaxAge < 0 {
		errs = append(errs, errors.New("SHAFAF_JWKS_MAX_AGE must be positive"))
	}
	if len(c.HMACSecret) > 0 && len(c.HMACSecret) < 32 {
		errs = append(errs, errors.New("the HMAC secret must be at least 32 bytes"))
	}
	if c.Issuer == "" {
		errs = append(errs, errors.New("SHAFAF_JWT_ISSUER (or SHAFAF_OIDC_ISSUER) is required"))
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

// splitMap reads "from=to,from2=to2"; nil when s is blank, so an unset map means "no mapping".
func splitMap(s string) map[string]string {
	var out map[string]string
	for _, pair := range splitList(s) {
		from, to, _ := strings.Cut(pair, "=")
		if out == nil {
			out = map[string]string{}
		}
		out[strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	return out
}

// duration reads an optional positive duration.
func duration(s string) (time.Duration, error) {
	if s = strings.TrimSpace(s); s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want a positive duration such as 15m", s)
	}
	return d, nil
}

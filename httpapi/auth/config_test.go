package auth_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	base := map[string]string{
		"SHAFAF_JWKS_URL":     "https://sso.city.example/realms/shafaf/protocol/openid-connect/certs",
		"SHAFAF_JWT_ISSUER":   testIssuer,
		"SHAFAF_JWT_AUDIENCE": testAudience,
	}
	env := func(change map[string]string) func(string) string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range change {
			m[k] = v
		}
		return func(k string) string { return m[k] }
	}

	t.Run("fills Keycloak defaults", func(t *testing.T) {
		t.Parallel()
		cfg, err := auth.ConfigFromEnv(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.RolesClaim != "realm_access.roles" || cfg.DepartmentClaim != "department" || cfg.NationalIDClaim != "national_id" ||
			!slices.Equal(cfg.Algorithms, []string{"RS256", "ES256"}) {
			t.Fatalf("ConfigFromEnv = %+v", cfg)
		}
	})
	t.Run("reads lists and claim paths", func(t *testing.T) {
		t.Parallel()
		cfg, err := auth.ConfigFromEnv(env(map[string]string{
			"SHAFAF_JWT_AUDIENCE": " shafaf-api, shafaf-web ,", "SHAFAF_JWT_ALGORITHMS": "ES384,PS256",
			"SHAFAF_JWT_ROLES_CLAIM": "resource_access.shafaf.roles",
		}))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cfg.Audience, []string{"shafaf-api", "shafaf-web"}) || !slices.Equal(cfg.Algorithms, []string{"ES384", "PS256"}) ||
			cfg.RolesClaim != "resource_access.shafaf.roles" {
			t.Fatalf("ConfigFromEnv = %+v", cfg)
		}
	})
	t.Run("says when nothing is configured", func(t *testing.T) {
		t.Parallel()
		if _, err := auth.ConfigFromEnv(func(string) string { return "" }); !errors.Is(err, auth.ErrNotConfigured) {
			t.Fatalf("ConfigFromEnv = %v, want ErrNotConfigured", err)
		}
	})

	invalid := []struct {
		name   string
		change map[string]string
	}{
		{"rejects two key sources", map[string]string{"SHAFAF_JWT_PUBLIC_KEY_FILE": "/etc/shafaf/key.pem"}},
		{"rejects a JWKS URL that is not http", map[string]string{"SHAFAF_JWKS_URL": "file:///etc/jwks.json"}},
		{"requires an issuer", map[string]string{"SHAFAF_JWT_ISSUER": ""}},
		{"requires an audience", map[string]string{"SHAFAF_JWT_AUDIENCE": " , "}},
		{"rejects HS256 with public keys", map[string]string{"SHAFAF_JWT_ALGORITHMS": "RS256,HS256"}},
		{"rejects alg none", map[string]string{"SHAFAF_JWT_ALGORITHMS": "none"}},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := auth.ConfigFromEnv(env(tt.change)); err == nil || errors.Is(err, auth.ErrNotConfigured) {
				t.Fatalf("ConfigFromEnv = %v, want a validation error", err)
			}
		})
	}
}

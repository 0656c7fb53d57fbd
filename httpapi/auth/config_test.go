package auth_test

import (
	"errors"
	"slices"
	"testing"
	"time"

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
	t.Run("reads mapping tables, the key-set lifetime and a discovered issuer", func(t *testing.T) {
		t.Parallel()
		cfg, err := auth.ConfigFromEnv(env(map[string]string{
			"SHAFAF_JWKS_URL": "", "SHAFAF_JWT_ISSUER": "", "SHAFAF_OIDC_ISSUER": "https://idp.city.example/",
			"SHAFAF_JWT_ROLE_MAP": "Permit Desk=clerk, /qa=auditor", "SHAFAF_JWT_DEPARTMENT_MAP": "Region 3=permits",
			"SHAFAF_JWKS_MAX_AGE": "2m",
		}))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Issuer != "https://idp.city.example/" || cfg.RoleMap["Permit Desk"] != "clerk" || cfg.RoleMap["/qa"] != "auditor" ||
			cfg.DepartmentMap["Region 3"] != "permits" || cfg.KeysMaxAge != 2*time.Minute {
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
		{"rejects discovery beside a JWKS URL", map[string]string{"SHAFAF_OIDC_ISSUER": testIssuer}},
		{"rejects an issuer other than the discovered one", map[string]string{"SHAFAF_JWKS_URL": "", "SHAFAF_OIDC_ISSUER": testIssuer + "/"}},
		{"rejects a map to an unknown role", map[string]string{"SHAFAF_JWT_ROLE_MAP": "desk=clerk,boss=superuser"}},
		{"rejects an unterminated quote in a claim path", map[string]string{"SHAFAF_JWT_ROLES_CLAIM": `resource_access."shafaf.api.roles`}},
		{"rejects a quoted name not followed by a dot", map[string]string{"SHAFAF_JWT_ROLES_CLAIM": `"a"b.roles`}},
		{"rejects an empty claim name", map[string]string{"SHAFAF_JWT_DEPARTMENT_CLAIM": "attrs..department"}},
		{"rejects a malformed key-set lifetime", map[string]string{"SHAFAF_JWKS_MAX_AGE": "15"}},
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

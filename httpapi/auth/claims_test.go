package auth_test

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func TestClaimPaths(t *testing.T) {
	t.Parallel()
	key := MustECKey(t)
	ks := MustKeyServer(t, jwk("ec", "ES256", &key.PublicKey))
	tests := []struct {
		name      string
		cfg       auth.Config
		claims    jwt.MapClaims
		wantRoles []access.Role
		wantDept  string
		wantNID   string
	}{
		{
			name:      "reads client roles and nested attributes",
			cfg:       auth.Config{RolesClaim: "resource_access.shafaf-api.roles", DepartmentClaim: "attrs.department", NationalIDClaim: "attrs.nid"},
			claims:    jwt.MapClaims{"resource_access": map[string]any{"shafaf-api": map[string]any{"roles": []any{"inspector"}}}, "attrs": map[string]any{"department": "violations", "nid": "0012345678"}},
			wantRoles: []access.Role{access.Inspector}, wantDept: "violations", wantNID: "0012345678",
		},
		{
			name:      "reads a flat space-separated roles string and a numeric national id",
			cfg:       auth.Config{RolesClaim: "roles"},
			claims:    jwt.MapClaims{"roles": "admin applicant", "national_id": json.Number("1234567890")},
			wantRoles: []access.Role{access.Applicant, access.Admin}, wantNID: "1234567890",
		},
		{
			name:      "reads namespaced claims whose names contain dots",
			cfg:       auth.Config{RolesClaim: "https://city.example/roles", DepartmentClaim: "https://city.example/department"},
			claims:    jwt.MapClaims{"https://city.example/roles": []any{"auditor", "superuser"}, "https://city.example/department": "audit"},
			wantRoles: []access.Role{access.Auditor}, wantDept: "audit",
		},
		{
			name:      "reads a quoted name holding dots",
			cfg:       auth.Config{RolesClaim: `resource_access."shafaf.api".roles`, DepartmentClaim: `"org.unit"`},
			claims:    jwt.MapClaims{"resource_access": map[string]any{"shafaf.api": map[string]any{"roles": []any{"clerk"}}}, "org.unit": "permits"},
			wantRoles: []access.Role{access.Clerk}, wantDept: "permits",
		},
		{
			name: "maps the provider's role and department names, and only those",
			cfg: auth.Config{RolesClaim: "groups", RoleMap: map[string]string{"/city/permit-desk": "clerk", "/city/qa": "auditor"},
				DepartmentMap: map[string]string{"Permits Office": "permits"}},
			claims:    jwt.MapClaims{"groups": []any{"/city/permit-desk", "admin"}, "department": "Permits Office"},
			wantRoles: []access.Role{access.Clerk}, wantDept: "permits",
		},
		{
			name:      "leaves an unmapped department empty when departments are mapped",
			cfg:       auth.Config{RolesClaim: "roles", DepartmentMap: map[string]string{"Permits Office": "permits"}},
			claims:    jwt.MapClaims{"roles": []any{"clerk"}, "department": "Basement"},
			wantRoles: []access.Role{access.Clerk},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := verifyClaims(t, ks, key, tt.cfg, tt.claims)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Roles, tt.wantRoles) || p.Department != tt.wantDept || p.NationalID != tt.wantNID {
				t.Fatalf("Verify = %+v, want roles %v department %q national id %q", p, tt.wantRoles, tt.wantDept, tt.wantNID)
			}
		})
	}
}

func TestNoMappedRole(t *testing.T) {
	t.Parallel()
	key := MustECKey(t)
	ks := MustKeyServer(t, jwk("ec", "ES256", &key.PublicKey))
	for _, tt := range []struct {
		name   string
		cfg    auth.Config
		claims jwt.MapClaims
		want   string
	}{
		{"names a missing claim", auth.Config{}, jwt.MapClaims{"roles": []any{"clerk"}},
			"claim realm_access.roles (SHAFAF_JWT_ROLES_CLAIM) held nothing"},
		{"shows what a claim held", auth.Config{}, jwt.MapClaims{"realm_access": map[string]any{"roles": []any{"offline_access", "Clerk"}}},
			`held ["offline_access","Clerk"], and none of it is a Shafaf role`},
		{"points at the role map", auth.Config{RolesClaim: "roles", RoleMap: map[string]string{"desk": "clerk"}}, jwt.MapClaims{"roles": "clerk"},
			`held "clerk", and none of it is mapped to a Shafaf role by SHAFAF_JWT_ROLE_MAP`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := verifyClaims(t, ks, key, tt.cfg, jwt.MapClaims{"national_id": "0012345678"}, tt.claims)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeForbidden || de.Rule != auth.RuleNoRole || !strings.Contains(de.Message, tt.want) {
				t.Fatalf("Verify = %v, want 403 %s saying %q", err, auth.RuleNoRole, tt.want)
			}
			if strings.Contains(de.Message, "0012345678") || strings.Contains(de.Message, "u-1") {
				t.Fatalf("the message shows more of the token than the claim read: %s", de.Message)
			}
		})
	}
}

// verifyClaims verifies a token of the key server's key with cfg's claim settings, carrying
// the standard claims of subject u-1 and extra.
func verifyClaims(t *testing.T, ks *keyServer, key *ecdsa.PrivateKey, cfg auth.Config, extra ...jwt.MapClaims) (auth.Principal, error) {
	t.Helper()
	cfg.JWKSURL, cfg.Issuer, cfg.Audience = ks.URL, testIssuer, []string{testAudience}
	v, err := auth.NewVerifier(cfg, auth.WithHTTPClient(ks.Client()))
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{"iss": testIssuer, "aud": testAudience, "sub": "u-1", "exp": time.Now().Add(time.Minute).Unix()}
	for _, more := range extra {
		maps.Copy(claims, more)
	}
	return v.Verify(t.Context(), MustSign(t, jwt.SigningMethodES256, key, map[string]any{"kid": "ec"}, claims))
}

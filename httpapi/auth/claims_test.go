package auth_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func TestClaimPaths(t *testing.T) {
	t.Parallel()
	key := MustECKey(t)
	ks := MustKeyServer(t, jwk("ec", "ES256", &key.PublicKey))
	now := time.Now()
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
			name:   "leaves roles empty when the claim is missing",
			cfg:    auth.Config{},
			claims: jwt.MapClaims{"realm_access": "not an object"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := tt.cfg
			cfg.JWKSURL, cfg.Issuer, cfg.Audience = ks.URL, testIssuer, []string{testAudience}
			v, err := auth.NewVerifier(cfg, auth.WithHTTPClient(ks.Client()))
			if err != nil {
				t.Fatal(err)
			}
			claims := jwt.MapClaims{"iss": testIssuer, "aud": testAudience, "sub": "u-1", "exp": now.Add(time.Minute).Unix()}
			for k, v := range tt.claims {
				claims[k] = v
			}
			p, err := v.Verify(t.Context(), MustSign(t, jwt.SigningMethodES256, key, map[string]any{"kid": "ec"}, claims))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Roles, tt.wantRoles) || p.Department != tt.wantDept || p.NationalID != tt.wantNID {
				t.Fatalf("Verify = %+v, want roles %v department %q national id %q", p, tt.wantRoles, tt.wantDept, tt.wantNID)
			}
		})
	}
}

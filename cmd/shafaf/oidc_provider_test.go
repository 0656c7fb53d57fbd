package main

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// TestRolesFromARealOpenIDProvider connects Shafaf to a real OpenID provider with nothing but
// the settings docs/configuration.md documents, for a Keycloak-style provider (roles under
// realm_access) and one with flat claims and its own role and department names, then walks
// the role flow: a clerk and an applicant open cases, a user without a Shafaf role is told
// which claim was read.
func TestRolesFromARealOpenIDProvider(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, style := range []struct {
		name                 string
		env                  func(issuer string) map[string]string
		clerk, applicant     map[string]any
		noRole               map[string]any
		wantNoRoleMessageHas string
	}{
		{
			name: "Keycloak-style realm roles",
			env: func(issuer string) map[string]string {
				return map[string]string{"SHAFAF_OIDC_ISSUER": issuer, "SHAFAF_JWT_AUDIENCE": providerClientID}
			},
			clerk:                map[string]any{"realm_access": map[string]any{"roles": []any{"offline_access", "clerk"}}, "department": testDepartment},
			applicant:            map[string]any{"realm_access": map[string]any{"roles": []any{"applicant"}}, "national_id": "3974017844"},
			noRole:               map[string]any{"realm_access": map[string]any{"roles": []any{"offline_access", "uma_authorization"}}},
			wantNoRoleMessageHas: `claim realm_access.roles (SHAFAF_JWT_ROLES_CLAIM) held ["offline_access","uma_authorization"]`,
		},
		{
			name: "flat claims with the provider's own names",
			env: func(issuer string) map[string]string {
				return map[string]string{"SHAFAF_OIDC_ISSUER": issuer, "SHAFAF_JWT_AUDIENCE": providerClientID,
					"SHAFAF_JWT_ROLES_CLAIM": "roles", "SHAFAF_JWT_ROLE_MAP": "Permit Desk=clerk,Citizen=applicant",
					"SHAFAF_JWT_DEPARTMENT_CLAIM": `"city.unit"`, "SHAFAF_JWT_DEPARTMENT_MAP": "Region 3=" + testDepartment,
					"SHAFAF_JWT_NATIONAL_ID_CLAIM": "nid"}
			},
			clerk:                map[string]any{"roles": []any{"Permit Desk"}, "city.unit": "Region 3"},
			applicant:            map[string]any{"roles": "Citizen", "nid": "3974017844"},
			noRole:               map[string]any{"roles": []any{"clerk"}},
			wantNoRoleMessageHas: `claim roles (SHAFAF_JWT_ROLES_CLAIM) held ["clerk"], and none of it is mapped to a Shafaf role by SHAFAF_JWT_ROLE_MAP`,
		},
	} {
		t.Run(style.name, func(t *testing.T) {
			idp := MustStartProvider(t)
			env := style.env(idp.issuer)
			for name := range env {
				if !strings.Contains(string(doc), "`"+name+"`") {
					t.Fatalf("%s is not in docs/configuration.md", name)
				}
			}
			authCfg, _, err := serveAuth(func(k string) string { return env[k] })
			if err != nil {
				t.Fatal(err)
			}
			app := mustOpenAppWith(t, func(cfg *appConfig) { cfg.Auth = authCfg })
			anon := client{tb: t, base: app.URL()}
			wantStatus(t, anon.get("/readyz"), http.StatusOK)

			idp.storage.setClaims("id1", style.clerk)
			idp.storage.setClaims("id2", style.applicant)
			clerk := "Bearer " + idp.login(t, "test-user@127.0.0.1")
			applicant := "Bearer " + idp.login(t, "test-user2")
			wantStatus(t, anon.post("/v1/cases", walkIn, "Authorization", clerk), http.StatusCreated)
			online := map[string]any{"service": "permit.renew", "channel": "online", "district": "3",
				"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844", "phone": "09141234567"}}
			wantStatus(t, anon.post("/v1/cases", online, "Authorization", applicant), http.StatusCreated)

			idp.storage.setClaims("id2", style.noRole)
			r := anon.post("/v1/cases", online, "Authorization", "Bearer "+idp.login(t, "test-user2"))
			wantProblem(t, r, http.StatusForbidden, "access.no_role")
			var problem struct{ Detail string }
			r.json(t, &problem)
			if !strings.Contains(problem.Detail, style.wantNoRoleMessageHas) {
				t.Fatalf("the 403 does not say which claim was read and what it held: %s", r.body)
			}
		})
	}
}

// The usual mistakes stop the server at start with what to fix, instead of a server that is
// ready and answers every call 401.
func TestServeRefusesToStartWithoutUsableKeys(t *testing.T) {
	idp := MustStartProvider(t)
	dsn := pgtest.NewDatabase(t)
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"the discovery document given as the key set",
			map[string]string{"SHAFAF_JWKS_URL": idp.issuer + "/.well-known/openid-configuration", "SHAFAF_JWT_ISSUER": idp.issuer},
			"identity provider: auth: key set " + idp.issuer + "/.well-known/openid-configuration: this is an OpenID Connect discovery document, " +
				"not a JSON Web Key Set: set SHAFAF_OIDC_ISSUER=" + idp.issuer + " instead"},
		{"an issuer with a slash more than the provider's", map[string]string{"SHAFAF_OIDC_ISSUER": idp.issuer + "/"},
			`the provider's issuer is "` + idp.issuer + `", not "` + idp.issuer + `/": set SHAFAF_OIDC_ISSUER to exactly its value`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["SHAFAF_JWT_AUDIENCE"] = providerClientID
			authCfg, _, err := serveAuth(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			cfg := testAppConfig(dsn)
			cfg.Auth = authCfg
			app, err := openApp(context.Background(), cfg)
			if err == nil {
				app.Close()
				t.Fatal("the server started")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("openApp = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

package auth_test

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// MustProvider is an OpenID Connect provider's two public documents: discovery, naming
// issuer (its own URL when empty), and the key set at /certs.
func MustProvider(tb testing.TB, tlsServer bool, issuer string, keys ...map[string]any) *httptest.Server {
	tb.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewUnstartedServer(mux)
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		iss := issuer
		if iss == "" {
			iss = srv.URL
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": iss, "jwks_uri": srv.URL + "/certs", "token_endpoint": srv.URL + "/token"})
	})
	mux.HandleFunc("/certs", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": append([]map[string]any{}, keys...)})
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"keys":[]}`)) })
	mux.HandleFunc("/login", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`<html>sign in</html>`)) })
	if tlsServer {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	tb.Cleanup(srv.Close)
	return srv
}

func TestDiscovery(t *testing.T) {
	t.Parallel()
	key := MustRSAKey(t)
	idp := MustProvider(t, false, "", jwk("k1", "RS256", &key.PublicKey))
	v, err := auth.NewVerifier(auth.Config{OIDCIssuer: idp.URL, Audience: []string{testAudience}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Ready(t.Context()); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	claims := keycloakClaims(time.Now())
	claims["iss"] = idp.URL
	if _, err := v.Verify(t.Context(), MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": "k1"}, claims)); err != nil {
		t.Fatalf("a token of the discovered provider: %v", err)
	}
	claims["iss"] = idp.URL + "/"
	if _, err := v.Verify(t.Context(), MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": "k1"}, claims)); codeOf(err) != auth.CodeWrongIssuer {
		t.Fatalf("a token naming the issuer with a slash more: %v, want %s", err, auth.CodeWrongIssuer)
	}
}

func TestReadyNamesWhatIsWrongWithTheKeys(t *testing.T) {
	t.Parallel()
	idp := MustProvider(t, false, "https://elsewhere.example/realms/city")
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	for _, tt := range []struct {
		name string
		cfg  auth.Config
		want string
	}{
		{"the discovery document given as the key set", auth.Config{JWKSURL: idp.URL + "/.well-known/openid-configuration"},
			"this is an OpenID Connect discovery document, not a JSON Web Key Set: set SHAFAF_OIDC_ISSUER=https://elsewhere.example/realms/city instead, or SHAFAF_JWKS_URL=" + idp.URL + "/certs"},
		{"an empty key set", auth.Config{JWKSURL: idp.URL + "/empty"}, "holds no signing key Shafaf can use"},
		{"a page that is not JSON", auth.Config{JWKSURL: idp.URL + "/login"}, "not a JSON Web Key Set"},
		{"an unreachable provider", auth.Config{JWKSURL: down.URL + "/certs"}, "connection refused"},
		{"a provider calling itself by another issuer", auth.Config{OIDCIssuer: idp.URL},
			`the provider's issuer is "https://elsewhere.example/realms/city", not "` + idp.URL + `": set SHAFAF_OIDC_ISSUER to exactly its value`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := tt.cfg
			cfg.Issuer, cfg.Audience = cmpOr(cfg.OIDCIssuer, testIssuer), []string{testAudience}
			v, err := auth.NewVerifier(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Ready(t.Context()); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Ready = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestProviderCAFile(t *testing.T) {
	t.Parallel()
	key := MustRSAKey(t)
	idp := MustProvider(t, true, "", jwk("k1", "RS256", &key.PublicKey))
	caFile := t.TempDir() + "/ca.pem"
	MustWriteFile(t, caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: idp.Certificate().Raw}))
	cfg := auth.Config{OIDCIssuer: idp.URL, Audience: []string{testAudience}}

	v, err := auth.NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Ready(t.Context()); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("Ready without the provider's CA = %v, want a certificate error", err)
	}
	cfg.CAFile = caFile
	if v, err = auth.NewVerifier(cfg); err != nil {
		t.Fatal(err)
	}
	if err := v.Ready(t.Context()); err != nil {
		t.Fatalf("Ready with SHAFAF_OIDC_CA_FILE: %v", err)
	}
}

func TestRefusedTokensAreLogged(t *testing.T) {
	t.Parallel()
	key, foreign := MustRSAKey(t), MustRSAKey(t)
	ks := MustKeyServer(t, jwk("k1", "RS256", &key.PublicKey))
	core, logs := observer.New(zap.InfoLevel)
	v, err := auth.NewVerifier(auth.Config{JWKSURL: ks.URL, Issuer: testIssuer, Audience: []string{testAudience}},
		auth.WithHTTPClient(ks.Client()), auth.WithLogger(zap.New(core)))
	if err != nil {
		t.Fatal(err)
	}
	r := MustRouter(t, v)
	now := time.Now()
	wrongIssuer := keycloakClaims(now)
	wrongIssuer["iss"] = testIssuer + "/"
	for _, tt := range []struct {
		name, token, code, cause, kid string
	}{
		{"an unknown key", MustSign(t, jwt.SigningMethodRS256, foreign, map[string]any{"kid": "k9"}, keycloakClaims(now)),
			string(auth.CodeInvalid), `kid "k9" is not in the key set`, "k9"},
		{"a wrong issuer", MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": "k1"}, wrongIssuer),
			string(auth.CodeWrongIssuer), "invalid issuer", "k1"},
		{"a wrong algorithm", MustSign(t, jwt.SigningMethodHS256, []byte("a secret of thirty-two bytes ....."), map[string]any{"kid": "k1"}, keycloakClaims(now)),
			string(auth.CodeInvalid), "signing method HS256 is invalid", "k1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if w := get(r, "/private", "192.0.2.7", "Bearer "+tt.token); w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d", w.Code)
			}
			entries := logs.TakeAll()
			if len(entries) != 1 || entries[0].Level != zap.InfoLevel {
				t.Fatalf("want one info line, got %v", entries)
			}
			f := entries[0].ContextMap()
			if f["code"] != tt.code || !strings.Contains(f["cause"].(string), tt.cause) || f["kid"] != tt.kid ||
				f["expected_iss"] != testIssuer || f["iss"] == "" || f["alg"] == "" || f["aud"] == nil || f["expected_alg"] == nil {
				t.Fatalf("log fields %v", f)
			}
			line := entries[0].Message + " " + strings.Join(flatten(f), " ")
			for _, secret := range []string{tt.token, strings.Split(tt.token, ".")[1], "f3b1c2d4-clerk-7", "0012345678", "clerk7"} {
				if strings.Contains(line, secret) {
					t.Fatalf("the log line shows %q: %s", secret, line)
				}
			}
		})
	}
}

func flatten(m map[string]any) []string {
	var out []string
	for k, v := range m {
		b, _ := json.Marshal(v)
		out = append(out, k+"="+string(b))
	}
	return out
}

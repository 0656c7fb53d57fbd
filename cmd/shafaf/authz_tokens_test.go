package main

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// mustSignTest signs claims with the test issuer's secret (or none), so tests can forge
// tokens the dev issuer would never mint.
func mustSignTest(tb testing.TB, method jwt.SigningMethod, claims jwt.MapClaims) string {
	tb.Helper()
	var key any = testIssuer.Config().HMACSecret
	if method == jwt.SigningMethodNone {
		key = jwt.UnsafeAllowNoneSignatureType
	}
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// clerkClaims are a valid clerk token's claims, changed by change.
func clerkClaims(change func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{"iss": auth.DevIssuerName, "aud": auth.DevAudience, "sub": "clerk-7", "roles": []string{"clerk"},
		"department": testDepartment, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	change(c)
	return c
}

// Bad tokens are refused over HTTP with 401 problems and an RFC 6750 challenge; a client that
// keeps failing is told to wait, while valid tokens from its address still pass.
func TestTokensAreRejectedOverHTTP(t *testing.T) {
	app := MustOpenApp(t)
	send := func(token string) response {
		c := client{tb: t, base: app.URL()}
		return c.do(http.MethodPost, "/v1/cases", "application/json", []byte(`{}`), "Authorization", "Bearer "+token)
	}
	tests := []struct {
		name  string
		token string
		code  string
	}{
		{"expired", mustSignTest(t, jwt.SigningMethodHS256, clerkClaims(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
		})), "token_expired"},
		{"wrong issuer", mustSignTest(t, jwt.SigningMethodHS256, clerkClaims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })), "token_wrong_issuer"},
		{"wrong audience", mustSignTest(t, jwt.SigningMethodHS256, clerkClaims(func(c jwt.MapClaims) { c["aud"] = "account" })), "token_wrong_audience"},
		{"alg none", mustSignTest(t, jwt.SigningMethodNone, clerkClaims(func(jwt.MapClaims) {})), "token_invalid"},
		{"signed by another key", func() string {
			s, err := auth.NewDevIssuer().Token("admin", "mallory", "", "", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}(), "token_invalid"},
		{"garbage", "not.a.token", "token_invalid"},
	}
	for _, tt := range tests {
		t.Run("rejects "+tt.name, func(t *testing.T) {
			r := send(tt.token)
			wantProblem(t, r, http.StatusUnauthorized, tt.code)
			if h := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer ") || !strings.Contains(h, `error="invalid_token"`) {
				t.Fatalf("WWW-Authenticate %q", h)
			}
		})
	}
	t.Run("challenges a request without a token", func(t *testing.T) {
		r := client{tb: t, base: app.URL()}.post("/v1/cases", walkIn)
		wantProblem(t, r, http.StatusUnauthorized, "token_missing")
		if h := r.header.Get("WWW-Authenticate"); h != `Bearer realm="shafaf"` {
			t.Fatalf("WWW-Authenticate %q", h)
		}
	})
	t.Run("answers 429 with Retry-After once failures pile up", func(t *testing.T) {
		for range 20 {
			r := send("not.a.token")
			if r.status == http.StatusUnauthorized {
				continue
			}
			wantProblem(t, r, http.StatusTooManyRequests, "too_many_failures")
			if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || secs < 1 {
				t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
			}
			// Failures never lock out a valid token from the same address (staff behind one proxy).
			wantStatus(t, client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}.post("/v1/cases", walkIn), http.StatusCreated)
			return
		}
		t.Fatal("20 failed authentications in a row were never rate limited")
	})
}

// Behind a trusted proxy, X-Forwarded-For names the client, so one client's failures do not
// drain another's bucket.
func TestFailureLimitSeparatesClientsBehindATrustedProxy(t *testing.T) {
	app := mustOpenAppWith(t, func(cfg *appConfig) { cfg.TrustedProxies = []string{"127.0.0.1/32"} }) // the test client plays the proxy
	send := func(forwardedFor string) response {
		c := client{tb: t, base: app.URL()}
		return c.do(http.MethodPost, "/v1/cases", "application/json", []byte(`{}`),
			"Authorization", "Bearer not.a.token", "X-Forwarded-For", forwardedFor)
	}
	for i := 0; send("203.0.113.1").status != http.StatusTooManyRequests; i++ {
		if i == 20 {
			t.Fatal("20 failed authentications from one client were never rate limited")
		}
	}
	wantProblem(t, send("203.0.113.2"), http.StatusUnauthorized, "token_invalid")
}

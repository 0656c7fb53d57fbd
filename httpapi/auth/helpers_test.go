package auth_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

const (
	testIssuer   = "https://sso.city.example/realms/shafaf"
	testAudience = "shafaf-api"
)

// clock is a hand-moved time source, so tests step past intervals instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func MustRSAKey(tb testing.TB) *rsa.PrivateKey {
	tb.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func MustECKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func MustEdKey(tb testing.TB) ed25519.PrivateKey {
	tb.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// keycloakClaims are the claims of a Keycloak access token for a clerk who
// is also a supervisor, valid at now.
func keycloakClaims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": testIssuer, "aud": []any{testAudience, "account"}, "sub": "f3b1c2d4-clerk-7",
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "typ": "Bearer", "azp": "shafaf-web",
		"realm_access":       map[string]any{"roles": []any{"offline_access", "supervisor", "default-roles-shafaf", "clerk"}},
		"department":         "permits",
		"national_id":        "0012345678",
		"preferred_username": "clerk7",
	}
}

// MustSign signs claims with key under method, merging header into the JOSE header.
func MustSign(tb testing.TB, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	tb.Helper()
	token := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		token.Header[k] = v
	}
	s, err := token.SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// jwk renders a public key as a JSON Web Key.
func jwk(kid, alg string, pub any) map[string]any {
	enc := base64.RawURLEncoding.EncodeToString
	k := map[string]any{"kid": kid, "use": "sig"}
	if alg != "" {
		k["alg"] = alg
	}
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		k["kty"], k["n"], k["e"] = "RSA", enc(pub.N.Bytes()), enc(big.NewInt(int64(pub.E)).Bytes())
	case *ecdsa.PublicKey:
		point, _ := pub.Bytes()
		size := (len(point) - 1) / 2
		k["kty"], k["crv"], k["x"], k["y"] = "EC", pub.Curve.Params().Name, enc(point[1:1+size]), enc(point[1+size:])
	case ed25519.PublicKey:
		k["kty"], k["crv"], k["x"] = "OKP", "Ed25519", enc(pub)
	}
	return k
}

// keyServer is an identity provider's JWKS endpoint whose keys and health
// the test changes, counting fetches.
type keyServer struct {
	*httptest.Server
	mu      sync.Mutex
	keys    []map[string]any
	failing bool
	fetches atomic.Int64
	// cacheControl, when set, is sent with the key set.
	cacheControl string
}

func MustKeyServer(tb testing.TB, keys ...map[string]any) *keyServer {
	tb.Helper()
	ks := &keyServer{keys: keys}
	ks.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		ks.fetches.Add(1)
		ks.mu.Lock()
		defer ks.mu.Unlock()
		if ks.failing {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if ks.cacheControl != "" {
			w.Header().Set("Cache-Control", ks.cacheControl)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": ks.keys})
	}))
	tb.Cleanup(ks.Close)
	return ks
}

func (ks *keyServer) set(failing bool, keys ...map[string]any) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.failing, ks.keys = failing, keys
}

// MustJWKSVerifier verifies against ks at the clock's time.
func MustJWKSVerifier(tb testing.TB, ks *keyServer, clk *clock, algs ...string) *auth.Verifier {
	tb.Helper()
	v, err := auth.NewVerifier(auth.Config{
		JWKSURL: ks.URL, Issuer: testIssuer, Audience: []string{testAudience}, Algorithms: algs,
	}, auth.WithClock(clk.Now), auth.WithHTTPClient(ks.Client()))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// codeOf is the auth failure code of err, or "" when err is not an *auth.Error.
func codeOf(err error) auth.Code {
	var e *auth.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func MustWriteFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}

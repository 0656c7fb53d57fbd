package auth_test

import (
	"crypto/x509"
	"encoding/pem"
	"slices"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func TestVerifyKeycloakToken(t *testing.T) {
	t.Parallel()
	rsaKey, ecKey, edKey := MustRSAKey(t), MustECKey(t), MustEdKey(t)
	ks := MustKeyServer(t,
		jwk("rsa-1", "RS256", &rsaKey.PublicKey),
		jwk("ec-1", "ES256", &ecKey.PublicKey),
		jwk("ed-1", "", edKey.Public()),
		map[string]any{"kid": "enc-1", "kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"},
	)
	clk := newClock()
	v := MustJWKSVerifier(t, ks, clk, "RS256", "ES256", "EdDSA")
	want := auth.Principal{Actor: access.Actor{
		Subject: "f3b1c2d4-clerk-7", Roles: []access.Role{access.Clerk, access.Supervisor},
		Department: "permits", NationalID: "0012345678",
	}, Name: "clerk7"}

	tests := []struct {
		name   string
		method jwt.SigningMethod
		key    any
		header map[string]any
	}{
		{"accepts an RS256 JWT", jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": "rsa-1"}},
		{"accepts an ES256 JWT", jwt.SigningMethodES256, ecKey, map[string]any{"kid": "ec-1"}},
		{"accepts an EdDSA JWT", jwt.SigningMethodEdDSA, edKey, map[string]any{"kid": "ed-1"}},
		{"accepts an RFC 9068 at+jwt", jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": "rsa-1", "typ": "at+jwt"}},
		{"accepts application/at+jwt", jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": "rsa-1", "typ": "application/at+jwt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := v.Verify(t.Context(), MustSign(t, tt.method, tt.key, tt.header, keycloakClaims(clk.Now())))
			if err != nil {
				t.Fatal(err)
			}
			if p.Subject != want.Subject || !slices.Equal(p.Roles, want.Roles) || p.Department != want.Department ||
				p.NationalID != want.NationalID || p.Name != want.Name {
				t.Fatalf("Verify = %+v, want %+v", p, want)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	rsaKey, otherKey := MustRSAKey(t), MustRSAKey(t)
	ks := MustKeyServer(t, jwk("rsa-1", "RS256", &rsaKey.PublicKey), jwk("pinned", "RS256", &otherKey.PublicKey))
	clk := newClock()
	v := MustJWKSVerifier(t, ks, clk, "RS256", "PS256")
	now := clk.Now()
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: must(x509.MarshalPKIXPublicKey(&rsaKey.PublicKey))})
	kid := map[string]any{"kid": "rsa-1"}
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := keycloakClaims(now)
		change(c)
		return c
	}
	good := MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, keycloakClaims(now))

	tests := []struct {
		name  string
		token string
		want  auth.Code
	}{
		{"rejects alg none", MustSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects HS256 signed with the public key", MustSign(t, jwt.SigningMethodHS256, pubPEM, kid, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects an algorithm outside the allow-list", MustSign(t, jwt.SigningMethodRS512, rsaKey, kid, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects a key used against its pinned algorithm", MustSign(t, jwt.SigningMethodPS256, otherKey, map[string]any{"kid": "pinned"}, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects a signature by another key", MustSign(t, jwt.SigningMethodRS256, otherKey, kid, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects a tampered payload", good[:len(good)-4] + "AAAA", auth.CodeInvalid},
		{"rejects an unknown kid", MustSign(t, jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": "forged"}, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects a wrong issuer", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })), auth.CodeWrongIssuer},
		{"rejects a wrong audience", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { c["aud"] = "account" })), auth.CodeWrongAudience},
		{"rejects an expired token", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Hour).Unix() })), auth.CodeExpired},
		{"rejects a token not yet valid", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { c["nbf"] = now.Add(time.Hour).Unix() })), auth.CodeNotYetValid},
		{"rejects a token without expiry", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { delete(c, "exp") })), auth.CodeInvalid},
		{"rejects a token without subject", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { delete(c, "sub") })), auth.CodeInvalid},
		{"rejects a Keycloak ID token", MustSign(t, jwt.SigningMethodRS256, rsaKey, kid, with(func(c jwt.MapClaims) { c["typ"] = "ID" })), auth.CodeInvalid},
		{"rejects a non-access JOSE type", MustSign(t, jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": "rsa-1", "typ": "logout+jwt"}, keycloakClaims(now)), auth.CodeInvalid},
		{"rejects garbage", "not.a.jwt", auth.CodeInvalid},
		{"rejects an oversized token", string(make([]byte, 20<<10)), auth.CodeInvalid},
		{"reports a missing token", "", auth.CodeMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := v.Verify(t.Context(), tt.token); codeOf(err) != tt.want {
				t.Fatalf("Verify = %v, want code %s", err, tt.want)
			}
		})
	}
}

func TestJWKSRotation(t *testing.T) {
	t.Parallel()
	oldKey, newKey := MustRSAKey(t), MustRSAKey(t)
	ks := MustKeyServer(t, jwk("old", "RS256", &oldKey.PublicKey))
	clk := newClock()
	v := MustJWKSVerifier(t, ks, clk)
	sign := func(key any, kid string) string {
		return MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": kid}, keycloakClaims(clk.Now()))
	}

	if _, err := v.Verify(t.Context(), sign(oldKey, "old")); err != nil {
		t.Fatalf("old key: %v", err)
	}
	ks.set(false, jwk("old", "RS256", &oldKey.PublicKey), jwk("new", "RS256", &newKey.PublicKey))
	// A key published right after a fetch is picked up at once, not after a burst of 401s.
	if _, err := v.Verify(t.Context(), sign(newKey, "new")); err != nil {
		t.Fatalf("new key right after the last fetch: %v", err)
	}
	for range 50 { // forged kids must not hammer the provider
		if _, err := v.Verify(t.Context(), sign(newKey, "forged")); codeOf(err) != auth.CodeInvalid {
			t.Fatalf("forged kid: %v, want token_invalid", err)
		}
	}
	if got := ks.fetches.Load(); got != 4 {
		t.Fatalf("fetched the key set %d times, want 4 (the first, then a burst of 3 unknown-kid refreshes)", got)
	}
	clk.Advance(10 * time.Second)
	if _, err := v.Verify(t.Context(), sign(newKey, "forged")); codeOf(err) != auth.CodeInvalid {
		t.Fatalf("forged kid: %v, want token_invalid", err)
	}
	if got := ks.fetches.Load(); got != 5 {
		t.Fatalf("fetched the key set %d times, want one more after 10 s", got)
	}
}

func TestJWKSLifetime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name         string
		maxAge       time.Duration
		cacheControl string
		removedAfter time.Duration // a key the provider removed is refused from then on
	}{
		{"keeps a set 15 minutes by default", 0, "", 15 * time.Minute},
		{"keeps a set as long as configured", 2 * time.Minute, "", 2 * time.Minute},
		{"honours a shorter Cache-Control max-age", 0, "public, max-age=60", time.Minute},
		{"keeps the configured bound over a longer max-age", time.Minute, "max-age=86400", time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			key := MustRSAKey(t)
			ks := MustKeyServer(t, jwk("k", "RS256", &key.PublicKey))
			ks.cacheControl = tt.cacheControl
			clk := newClock()
			v, err := auth.NewVerifier(auth.Config{JWKSURL: ks.URL, Issuer: testIssuer, Audience: []string{testAudience}, KeysMaxAge: tt.maxAge},
				auth.WithClock(clk.Now), auth.WithHTTPClient(ks.Client()))
			if err != nil {
				t.Fatal(err)
			}
			sign := func() string {
				return MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": "k"}, keycloakClaims(clk.Now()))
			}
			if _, err := v.Verify(t.Context(), sign()); err != nil {
				t.Fatal(err)
			}
			ks.set(false, jwk("other", "RS256", &MustRSAKey(t).PublicKey))
			clk.Advance(tt.removedAfter - time.Second)
			if _, err := v.Verify(t.Context(), sign()); err != nil {
				t.Fatalf("within the lifetime: %v", err)
			}
			clk.Advance(2 * time.Second)
			if _, err := v.Verify(t.Context(), sign()); codeOf(err) != auth.CodeInvalid {
				t.Fatalf("a removed key after the lifetime: %v, want token_invalid", err)
			}
		})
	}
}

func TestJWKSUnavailable(t *testing.T) {
	t.Parallel()
	key := MustRSAKey(t)
	ks := MustKeyServer(t)
	ks.set(true)
	clk := newClock()
	v := MustJWKSVerifier(t, ks, clk)
	sign := func() string {
		return MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": "k"}, keycloakClaims(clk.Now()))
	}

	if _, err := v.Verify(t.Context(), sign()); codeOf(err) != auth.CodeKeysUnavailable {
		t.Fatalf("provider down before the first fetch: %v, want keys_unavailable", err)
	}
	clk.Advance(time.Minute)
	ks.set(false, jwk("k", "RS256", &key.PublicKey))
	if _, err := v.Verify(t.Context(), sign()); err != nil {
		t.Fatalf("provider back: %v", err)
	}
	ks.set(true)
	clk.Advance(time.Hour) // the cached set is stale and cannot be refreshed
	if _, err := v.Verify(t.Context(), sign()); err != nil {
		t.Fatalf("stale set while the provider is down: %v, want the known key to still verify", err)
	}
}

func TestVerifyWithPEMFile(t *testing.T) {
	t.Parallel()
	rsaKey, ecKey := MustRSAKey(t), MustECKey(t)
	tests := []struct {
		name   string
		block  *pem.Block
		method jwt.SigningMethod
		key    any
	}{
		{"accepts a PKIX RSA key", &pem.Block{Type: "PUBLIC KEY", Bytes: must(x509.MarshalPKIXPublicKey(&rsaKey.PublicKey))}, jwt.SigningMethodRS256, rsaKey},
		{"accepts a PKCS#1 RSA key", &pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey)}, jwt.SigningMethodRS256, rsaKey},
		{"accepts a PKIX EC key", &pem.Block{Type: "PUBLIC KEY", Bytes: must(x509.MarshalPKIXPublicKey(&ecKey.PublicKey))}, jwt.SigningMethodES256, ecKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := t.TempDir() + "/key.pem"
			MustWriteFile(t, path, pem.EncodeToMemory(tt.block))
			v, err := auth.NewVerifier(auth.Config{PublicKeyFile: path, Issuer: testIssuer, Audience: []string{testAudience}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Verify(t.Context(), MustSign(t, tt.method, tt.key, nil, keycloakClaims(time.Now()))); err != nil {
				t.Fatal(err)
			}
		})
	}
}

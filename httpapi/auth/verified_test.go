package auth_test

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func TestVerifiedTokens(t *testing.T) {
	t.Parallel()
	key := MustRSAKey(t)
	ks := MustKeyServer(t, jwk("k", "RS256", &key.PublicKey))
	clk := newClock()
	v, err := auth.NewVerifier(auth.Config{JWKSURL: ks.URL, Issuer: testIssuer, Audience: []string{testAudience}, KeysMaxAge: time.Minute},
		auth.WithClock(clk.Now), auth.WithHTTPClient(ks.Client()))
	if err != nil {
		t.Fatal(err)
	}
	sign := func() string {
		return MustSign(t, jwt.SigningMethodRS256, key, map[string]any{"kid": "k"}, keycloakClaims(clk.Now()))
	}
	if _, err := v.Verify(t.Context(), sign()); err != nil { // fetches the key set
		t.Fatal(err)
	}
	clk.Advance(55 * time.Second)
	token := sign()
	first, err := v.Verify(t.Context(), token)
	if err != nil {
		t.Fatal(err)
	}
	ks.set(false, jwk("other", "RS256", &MustRSAKey(t).PublicKey))
	clk.Advance(6 * time.Second) // the key set's minute is over: the key is withdrawn

	t.Run("a token verified moments ago is trusted without its signature checked again", func(t *testing.T) {
		again, err := v.Verify(t.Context(), token)
		if err != nil || again.Subject != first.Subject {
			t.Fatalf("got %+v, %v; want %+v", again, err, first)
		}
		if _, err := v.Verify(t.Context(), sign()); codeOf(err) != auth.CodeInvalid {
			t.Fatalf("a new token under the withdrawn key: %v, want token_invalid", err)
		}
	})
	clk.Advance(4 * time.Second)
	t.Run("a withdrawn key stops working at most 10 s after the key set's lifetime", func(t *testing.T) {
		if _, err := v.Verify(t.Context(), token); codeOf(err) != auth.CodeInvalid {
			t.Fatalf("10 s after it was verified: %v, want token_invalid", err)
		}
	})
}

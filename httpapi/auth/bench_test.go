package auth_test

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func BenchmarkVerify(b *testing.B) {
	rsaKey, ecKey := MustRSAKey(b), MustECKey(b)
	ks := MustKeyServer(b, jwk("rsa", "RS256", &rsaKey.PublicKey), jwk("ec", "ES256", &ecKey.PublicKey))
	clk := newClock()
	v := MustJWKSVerifier(b, ks, clk)
	d := auth.NewDevIssuer()
	dev := MustDevVerifier(b, d)
	devToken, err := d.Token("clerk", "clerk-7", "permits", "", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name  string
		v     *auth.Verifier
		token string
	}{
		{"RS256 via cached JWKS", v, MustSign(b, jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": "rsa"}, keycloakClaims(clk.Now()))},
		{"ES256 via cached JWKS", v, MustSign(b, jwt.SigningMethodES256, ecKey, map[string]any{"kid": "ec"}, keycloakClaims(clk.Now()))},
		{"HS256 dev", dev, devToken},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bb.v.Verify(b.Context(), bb.token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

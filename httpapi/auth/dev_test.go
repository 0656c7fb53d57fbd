package auth_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func MustDevVerifier(tb testing.TB, d *auth.DevIssuer, opts ...auth.Option) *auth.Verifier {
	tb.Helper()
	v, err := d.Verifier(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestDevIssuer(t *testing.T) {
	t.Parallel()
	d := auth.NewDevIssuer()
	v := MustDevVerifier(t, d)

	t.Run("mints a verifiable token per role", func(t *testing.T) {
		t.Parallel()
		for _, role := range access.Roles {
			token, err := d.Token(string(role), "user-"+string(role), "permits", "0012345678", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			p, err := v.Verify(t.Context(), token)
			if err != nil {
				t.Fatalf("%s: %v", role, err)
			}
			if p.Subject != "user-"+string(role) || !slices.Equal(p.Roles, []access.Role{role}) || p.Department != "permits" || p.NationalID != "0012345678" {
				t.Fatalf("%s: Verify = %+v", role, p)
			}
		}
	})
	t.Run("refuses unknown roles, empty subjects and non-positive lifetimes", func(t *testing.T) {
		t.Parallel()
		for _, args := range []struct {
			role, sub string
			ttl       time.Duration
		}{{"root", "u", time.Hour}, {"clerk", "", time.Hour}, {"clerk", "u", 0}} {
			if _, err := d.Token(args.role, args.sub, "", "", args.ttl); err == nil {
				t.Errorf("Token(%q, %q, %v) succeeded", args.role, args.sub, args.ttl)
			}
		}
	})
	t.Run("rejects another process's random key", func(t *testing.T) {
		t.Parallel()
		token, err := auth.NewDevIssuer().Token("admin", "mallory", "", "", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Verify(t.Context(), token); codeOf(err) != auth.CodeInvalid {
			t.Fatalf("Verify = %v, want token_invalid", err)
		}
	})
	t.Run("shares a configured secret between processes", func(t *testing.T) {
		t.Parallel()
		secret := bytes.Repeat([]byte("s"), 32)
		server, err := auth.NewDevIssuerWithSecret(secret)
		if err != nil {
			t.Fatal(err)
		}
		cli, err := auth.NewDevIssuerWithSecret(secret)
		if err != nil {
			t.Fatal(err)
		}
		token, err := cli.Token("clerk", "clerk-7", "permits", "", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := MustDevVerifier(t, server).Verify(t.Context(), token); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.NewDevIssuerWithSecret(secret[:31]); err == nil {
			t.Fatal("accepted a 31-byte secret")
		}
	})
}

package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// FuzzVerify feeds arbitrary strings to the token entry point: it must never
// panic and must fail only with an *auth.Error.
func FuzzVerify(f *testing.F) {
	d := auth.NewDevIssuer()
	v := MustDevVerifier(f, d)
	token, err := d.Token("clerk", "clerk-7", "permits", "", time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{token, "", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "..", token + "x", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOjF9.AA"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := v.Verify(t.Context(), raw)
		var e *auth.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("Verify(%q) failed with %T", raw, err)
		}
		if err == nil && p.Subject == "" {
			t.Fatalf("Verify(%q) accepted a principal without subject", raw)
		}
	})
}

package main

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func mustVerify(tb testing.TB, issuer *auth.DevIssuer, token string) auth.Principal {
	tb.Helper()
	v, err := issuer.Verifier()
	if err != nil {
		tb.Fatal(err)
	}
	p, err := v.Verify(context.Background(), strings.TrimSpace(token))
	if err != nil {
		tb.Fatalf("verify %q: %v", token, err)
	}
	return p
}

// `shafaf dev` keeps its signing key under its data dir; `shafaf token` in another process
// mints tokens with it, and dev prints one per role at start.
func TestDevTokens(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	tokenArgs := []string{"token", "--role", "clerk", "--sub", "clerk-7", "--department", "district-3", "--data-dir", dir}

	var usage usageError
	if err := run(t.Context(), tokenArgs, &out, &errOut); !errors.As(err, &usage) {
		t.Fatalf("token before dev ever ran: %v, want a usage error", err)
	}
	server, err := devIssuer(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(t.Context(), tokenArgs, &out, &errOut); err != nil {
		t.Fatalf("token: %v\n%s", err, errOut.String())
	}
	if p := mustVerify(t, server, out.String()); p.Subject != "clerk-7" || !slices.Equal(p.Roles, []access.Role{access.Clerk}) || p.Department != "district-3" {
		t.Fatalf("shafaf token minted %+v", p)
	}

	restarted, err := devIssuer(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := printDevTokens(&out, restarted, "http://127.0.0.1:8080", dir); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for line := range strings.Lines(out.String()) {
		role, token, ok := strings.Cut(strings.TrimSpace(line), " ")
		if r, err := access.ParseRole(role); ok && err == nil {
			p := mustVerify(t, server, strings.TrimSpace(token)) // a restarted dev server keeps its key
			if !slices.Equal(p.Roles, []access.Role{r}) || (r == access.Applicant) != (p.NationalID == devNationalID) {
				t.Errorf("the %s token names %+v", r, p)
			}
			seen++
		}
	}
	if seen != len(access.Roles) || !strings.Contains(out.String(), "curl -H 'Authorization: Bearer ") {
		t.Fatalf("dev printed %d role tokens, want %d, and a curl line:\n%s", seen, len(access.Roles), out.String())
	}
}

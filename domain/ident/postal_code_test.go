package ident_test

import (
	"regexp"
	"testing"

	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestParsePostalCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, code string
	}{
		{"accepts a plausible code", "1345678901", "1345678901", ""},
		{"accepts Persian digits and a dash", "۱۳۴۵۶-۷۸۹۰۱", "1345678901", ""},
		{"accepts three repeated leading digits", "1113678901", "1113678901", ""},
		{"rejects four repeated leading digits", "1111678901", "", ident.CodePostalCodeRepeated},
		{"rejects a zero in the first five", "1045678901", "", ident.CodePostalCodePattern},
		{"rejects a two in the first five", "1325678901", "", ident.CodePostalCodePattern},
		{"rejects a five in the fifth place", "1346578901", "", ident.CodePostalCodePattern},
		{"rejects a two in the last five", "1345678921", "", ident.CodePostalCodePattern},
		{"accepts a zero in the last five", "1345600000", "1345600000", ""},
		{"rejects nine digits", "134567890", "", ident.CodePostalCodeFormat},
		{"rejects letters", "13456789x1", "", ident.CodePostalCodeFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ident.ParsePostalCode(tt.in)
			if code := codeOf(t, err); code != tt.code || got.String() != tt.want {
				t.Fatalf("ParsePostalCode(%q) = %q, code %q; want %q, code %q", tt.in, got, code, tt.want, tt.code)
			}
		})
	}
}

// The heuristic without its look-ahead; the repeated-prefix part is checked separately.
var postalClasses = regexp.MustCompile(`^[13-9]{4}[1346-9][013-9]{5}$`)

func FuzzParsePostalCode(f *testing.F) {
	for _, seed := range []string{"1345678901", "1111678901", "۱۳۴۵۶۷۸۹۰۱", "0000000000", "x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		code, err := ident.ParsePostalCode(in)
		if err != nil {
			codeOf(t, err)
			return
		}
		s := code.String()
		if !postalClasses.MatchString(s) || (s[0] == s[1] && s[1] == s[2] && s[2] == s[3]) {
			t.Fatalf("accepted %q as %q, which the heuristic rejects", in, s)
		}
	})
}

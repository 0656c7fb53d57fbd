package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseVerifyInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, number, code string
		want               verifyInput
		ok                 bool
	}{
		{"keeps a clean pair", "1405-AB12CD34", "0a1b2c3d4e5f", verifyInput{"1405-AB12CD34", "0a1b2c3d4e5f"}, true},
		{"maps Persian and Arabic-Indic digits", "۱۴۰۵-ab12cd٣٤", "۰a1b2c3d4e5f", verifyInput{"1405-AB12CD34", "0a1b2c3d4e5f"}, true},
		{"drops spaces and the zero-width non-joiner", " 1405 -AB12\u200cCD34\t", "0a1b 2c3d\u00a04e5f", verifyInput{"1405-AB12CD34", "0a1b2c3d4e5f"}, true},
		{"refuses an empty number", "", "0a1b2c3d4e5f", verifyInput{"", "0a1b2c3d4e5f"}, false},
		{"refuses a short code", "1405-AB12CD34", "0a1", verifyInput{"1405-AB12CD34", "0a1"}, false},
		{"refuses markup", "<b>1405</b>", "0a1b2c3d4e5f", verifyInput{"<B>1405</B>", "0a1b2c3d4e5f"}, false},
		{"refuses punctuation in a code", "1405-AB12CD34", "0a1b-2c3d", verifyInput{"1405-AB12CD34", "0a1b-2c3d"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseVerifyInput(tc.number, tc.code)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parse(%q, %q) = %+v, %v; want %+v, %v", tc.number, tc.code, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// FuzzParseVerifyInput: whatever a citizen or a script sends, parsing never panics, accepts
// only short ASCII identifiers, and is idempotent (a parsed pair parses to itself).
func FuzzParseVerifyInput(f *testing.F) {
	for _, s := range [][2]string{{"1405-AB12CD34", "0a1b2c3d4e5f"}, {"۱۴۰۵-ab", "۰۱۲۳"}, {"", ""}, {"\xff\xfe", "\u200c"}, {strings.Repeat("1", 300), "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, number, code string) {
		in, ok := parseVerifyInput(number, code)
		if !ok {
			return
		}
		if len(in.Number) > maxNumberLen || len(in.Code) < minCodeLen || len(in.Code) > maxCodeLen {
			t.Fatalf("accepted lengths %d/%d", len(in.Number), len(in.Code))
		}
		for _, s := range []string{in.Number, in.Code} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "<>\"'&% \t\n") {
				t.Fatalf("accepted %q", s)
			}
		}
		again, ok2 := parseVerifyInput(in.Number, in.Code)
		if !ok2 || again != in {
			t.Fatalf("not idempotent: %+v → %+v (%v)", in, again, ok2)
		}
	})
}

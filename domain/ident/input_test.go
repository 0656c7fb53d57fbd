package ident_test

import (
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestFieldNormalize(t *testing.T) {
	t.Parallel()
	code := ident.Field{Kind: ident.Code, MaxLen: 10}
	line := ident.Field{Kind: ident.Line, MaxLen: 20}
	text := ident.Field{Kind: ident.Text, MaxLen: 20}
	tests := []struct {
		name  string
		field ident.Field
		in    string
		want  string
		code  string
	}{
		{"trims and collapses an identifier", code, "  clerk   7 ", "clerk 7", ""},
		{"makes identifier digits ASCII", code, "۳", "3", ""},
		{"drops joiners from identifiers", code, "a\u200cb", "ab", ""},
		{"folds Arabic yeh and kaf in a name", line, "علي كريمي", "علی کریمی", ""},
		{"keeps the digits of a name as typed", line, "پلاک ۱۲", "پلاک ۱۲", ""},
		{"keeps a joiner inside a word", line, "می\u200cروم", "می\u200cروم", ""},
		{"drops a joiner at a word's edge or doubled", line, "\u200cمی\u200c\u200cروم\u200c ", "می\u200cروم", ""},
		{"keeps newlines and tabs in text", text, " a\r\nb\tc ", "a\nb\tc", ""},
		{"refuses a NUL in an identifier", code, "1\x00", "", ident.CodeControl},
		{"refuses a NUL in text", text, "a\x00", "", ident.CodeControl},
		{"refuses a newline in a name", line, "a\nb", "", ident.CodeControl},
		{"refuses a tab in an identifier", code, "a\tb", "", ident.CodeControl},
		{"refuses a C1 control", line, "a\u0085b", "", ident.CodeControl},
		{"refuses a line separator", text, "a\u2028b", "", ident.CodeControl},
		{"refuses DEL", code, "a\x7f", "", ident.CodeControl},
		{"refuses invalid UTF-8", text, "a\xffb", "", ident.CodeEncoding},
		{"counts characters, not bytes", code, strings.Repeat("ی", 10), strings.Repeat("ی", 10), ""},
		{"refuses one character too many", code, strings.Repeat("x", 11), "", ident.CodeMaxLength},
		{"measures after trimming", code, "  " + strings.Repeat("x", 10) + "  ", strings.Repeat("x", 10), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.field.Normalize("f", tt.in)
			if c := codeOf(t, err); c != tt.code || got != tt.want {
				t.Fatalf("Normalize(%q) = %q, code %q; want %q, code %q", tt.in, got, c, tt.want, tt.code)
			}
		})
	}
}

// FuzzFieldNormalize: whatever the input, Normalize either refuses it with a field error or
// returns text that Check accepts and that normalises to itself.
func FuzzFieldNormalize(f *testing.F) {
	for _, seed := range []string{"", "a\x00", "علي\u200c\u200c", " x\r\n", "\xff", "۱۲"} {
		for kind := range 3 {
			f.Add(uint8(kind), seed)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, in string) {
		rule := ident.Field{Kind: ident.Kind(kind % 3), MaxLen: 16}
		out, err := rule.Normalize("f", in)
		if err != nil {
			codeOf(t, err)
			return
		}
		if err := rule.Check("f", out); err != nil {
			t.Fatalf("Normalize(%q) = %q, which Check refuses: %v", in, out, err)
		}
		if again, _ := rule.Normalize("f", out); again != out {
			t.Fatalf("Normalize is not idempotent: %q → %q → %q", in, out, again)
		}
	})
}

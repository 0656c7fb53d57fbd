package ident_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestNormalizeDigits(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"۱۴۰۳/۱۲/۳۰":   "1403/12/30",
		"٠١٢٣٤٥٦٧٨٩":   "0123456789",
		"abc 123":      "abc 123",
		"پلاک ۷۲ اصلی": "پلاک 72 اصلی",
	} {
		if got := ident.NormalizeDigits(in); got != want {
			t.Errorf("NormalizeDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  علي   كريمي ": "علی کریمی",
		"خيابان ٢٢ بهمن": "خیابان 22 بهمن",
		"\tیک\n\nدو ":    "یک دو",
		"":               "",
	} {
		if got := ident.NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
}

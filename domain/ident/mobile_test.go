package ident_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestNormalizeMobile(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"09121234567", "+989121234567", "00989121234567", "9121234567",
		"۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123-4567", "٠٩١٢١٢٣٤٥٦٧"} {
		got, err := ident.NormalizeMobile("phone", in)
		if err != nil || got != "09121234567" {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want 09121234567", in, got, err)
		}
	}
	for _, in := range []string{"", "02112345678", "0912123456", "091212345678", "09121234abc", "+19121234567"} {
		if got, err := ident.NormalizeMobile("phone", in); err == nil {
			t.Errorf("NormalizeMobile(%q) = %q, want an error", in, got)
		}
	}
}

func TestMaskMobile(t *testing.T) {
	t.Parallel()
	if got := ident.MaskMobile("09121234567"); got != "0912***4567" {
		t.Errorf("MaskMobile = %q", got)
	}
}

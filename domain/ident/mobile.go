package ident

import "strings"

// CodeMobileFormat is the rule a mobile number breaks when it is not an Iranian mobile number.
const CodeMobileFormat = "mobile.format"

// NormalizeMobile turns an Iranian mobile number as people type it (09121234567, +98 912 123
// 4567, 0098…, 9121234567, in Persian or Arabic digits, with spaces or dashes) into the one
// form SMS providers take, "09121234567"; anything else is an Invalid error for field.
func NormalizeMobile(field, s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '\u200c':
			return -1
		}
		return r
	}, NormalizeDigits(strings.TrimSpace(s)))
	for _, prefix := range []string{"+98", "0098", "98"} {
		if rest, ok := strings.CutPrefix(d, prefix); ok && len(rest) == 10 {
			d = rest
			break
		}
	}
	if len(d) == 10 {
		d = "0" + d
	}
	if len(d) != 11 || !strings.HasPrefix(d, "09") || strings.Trim(d, "0123456789") != "" {
		return "", invalid(field, CodeMobileFormat, "not an Iranian mobile number (09xxxxxxxxx)")
	}
	return d, nil
}

// MaskMobile shows a mobile number the way logs and operators may see it: "0912***4567".
func MaskMobile(m string) string {
	if len(m) < 8 {
		return "***"
	}
	return m[:4] + "***" + m[len(m)-4:]
}

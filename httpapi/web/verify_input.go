package web

import (
	"strings"

	"github.com/shafaf-city/shafaf/domain/ident"
)

// Limits on what the verify form accepts: numbers look like "1405-3F2A9C10" and codes are a
// dozen hex characters, so anything much longer is noise or an attack.
const (
	maxNumberLen = 32
	minCodeLen   = 4
	maxCodeLen   = 64
)

// verifyInput is a certificate number and code as typed or scanned, normalised so that the
// Persian keyboard, stray spaces and letter case never turn a genuine certificate "unknown".
type verifyInput struct {
	Number string
	Code   string
}

// parseVerifyInput normalises and checks the two fields: Persian and Arabic-Indic digits
// become ASCII, spaces go, numbers are upper case and codes lower case. ok is false when
// either field is empty, too long or holds a character no certificate has.
func parseVerifyInput(number, code string) (in verifyInput, ok bool) {
	in.Number = strings.ToUpper(squeeze(number))
	in.Code = strings.ToLower(squeeze(code))
	ok = len(in.Number) >= 1 && len(in.Number) <= maxNumberLen && allowed(in.Number, "-/") &&
		len(in.Code) >= minCodeLen && len(in.Code) <= maxCodeLen && allowed(in.Code, "")
	return in, ok
}

// squeeze drops every kind of space, including the zero-width non-joiner Persian text
// carries, after mapping digits to ASCII.
func squeeze(s string) string {
	if len(s) > 4*maxCodeLen {
		s = s[:4*maxCodeLen] // bound the work; the result is rejected as too long anyway
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u200c', '\u200f', '\u200e', '\u00a0', '\ufeff':
			return -1
		}
		return r
	}, ident.NormalizeDigits(s))
}

// allowed reports whether s holds only ASCII letters, digits and the given punctuation.
func allowed(s, punct string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune(punct, r)) {
			return false
		}
	}
	return true
}

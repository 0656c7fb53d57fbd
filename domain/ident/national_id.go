package ident

import "strings"

// NationalID is a checked 10-digit Iranian national ID (کد ملی) in ASCII digits; only
// ParseNationalID makes one, so holding a NationalID means the checksum passed.
type NationalID string

// String returns the ten ASCII digits.
func (n NationalID) String() string { return string(n) }

// ParseNationalID accepts Persian, Arabic-Indic or ASCII digits (spaces and dashes ignored),
// restores up to two leading zeros that spreadsheets drop, and verifies the check digit:
// s = Σ d[i]·(10−i) for i = 0..8, r = s mod 11, valid iff d[9] == r when r < 2, else 11 − r.
func ParseNationalID(s string) (NationalID, error) {
	digits := stripSeparators(NormalizeDigits(s))
	if len(digits) < 8 || len(digits) > 10 || !allDigits(digits) {
		return "", invalid("national_id", CodeNationalIDFormat, "a national ID has 10 digits")
	}
	digits = strings.Repeat("0", 10-len(digits)) + digits
	if strings.Count(digits, digits[:1]) == 10 {
		return "", invalid("national_id", CodeNationalIDRepeated, "a national ID cannot repeat one digit")
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(digits[i]-'0') * (10 - i)
	}
	check := sum % 11
	if check >= 2 {
		check = 11 - check
	}
	if int(digits[9]-'0') != check {
		return "", invalid("national_id", CodeNationalIDChecksum, "the check digit does not match")
	}
	return NationalID(digits), nil
}

// CanonicalNationalID is the one form a national ID is compared and hashed in, wherever it
// comes from (a token claim, a body, a stored event): the ten ASCII digits ParseNationalID
// gives, or for text that is no valid ID the same text with ASCII digits and no separators,
// so equal IDs typed on different keyboards always compare equal and invalid ones never match
// a valid one.
func CanonicalNationalID(s string) string {
	if id, err := ParseNationalID(s); err == nil {
		return id.String()
	}
	return stripSeparators(NormalizeDigits(s))
}

// stripSeparators drops the spaces and dashes people put into long numbers.
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u200c' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// allDigits reports whether s is non-empty ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

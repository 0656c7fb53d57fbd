package ident

import "strings"

// PostalCode is a 10-digit Iranian postal code that passed the community heuristic; it is a
// plausibility check, not a lookup, so a PostalCode may still not exist.
type PostalCode string

// String returns the ten ASCII digits.
func (p PostalCode) String() string { return string(p) }

// ParsePostalCode implements ^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$ in code (RE2 has no
// look-ahead): no 0 or 2 in the first five digits, no 5 in the fifth, no 2 in the last five,
// and the code may not start with four identical digits.
func ParsePostalCode(s string) (PostalCode, error) {
	digits := stripSeparators(NormalizeDigits(s))
	if len(digits) != 10 || !allDigits(digits) {
		return "", invalid("postal_code", CodePostalCodeFormat, "a postal code has 10 digits")
	}
	if strings.Count(digits[:4], digits[:1]) == 4 {
		return "", invalid("postal_code", CodePostalCodeRepeated, "a postal code cannot start with four identical digits")
	}
	for i := 0; i < len(digits); i++ {
		if !postalDigitAllowed(i, digits[i]) {
			return "", invalid("postal_code", CodePostalCodePattern, "a postal code cannot have this digit here")
		}
	}
	return PostalCode(digits), nil
}

// postalDigitAllowed is the character-class part of the heuristic, position by position.
func postalDigitAllowed(pos int, d byte) bool {
	switch {
	case pos < 4:
		return d != '0' && d != '2'
	case pos == 4:
		return d != '0' && d != '2' && d != '5'
	default:
		return d != '2'
	}
}

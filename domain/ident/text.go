package ident

import "strings"

// NormalizeDigits maps Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669) digits to ASCII,
// because citizens type all three and identifiers must compare equal whatever the keyboard.
func NormalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, s)
}

// arabicLetters folds the Arabic code points that Arabic keyboards produce to the Persian ones,
// so "علي" and "علی" are the same name in search and comparison.
var arabicLetters = strings.NewReplacer("ي", "ی", "ى", "ی", "ك", "ک")

// NormalizeText normalises free text for storage and search: ASCII digits, Persian yeh and
// kaf, and single spaces between words with none at either end.
func NormalizeText(s string) string {
	return strings.Join(strings.Fields(arabicLetters.Replace(NormalizeDigits(s))), " ")
}

// dropJoiners removes the zero-width joiners people type or leave out between the parts of a
// name or code: a search key drops them (with spaces), so "محمد رضا", "محمد‌رضا" and
// "محمدرضا" are one name, and a code never holds one.
var dropJoiners = strings.NewReplacer("\u200c", "", "\u200d", "")

// SearchKey is s as a name search compares it: NormalizeText's letters and digits, lower case,
// with no spaces or joiners, so a prefix typed on any keyboard finds the stored name.
func SearchKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(dropJoiners.Replace(NormalizeText(s))), ""))
}

package jalali

import (
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// The stable machine codes of this package's field rules.
const (
	CodeDateFormat = "date.format" // not "yyyy/mm/dd"
	CodeDateRange  = "date.range"  // a day the calendar does not have, or a year out of range
)

// Parse reads "1403/12/30" or "1403-12-30", in ASCII, Persian or Arabic-Indic digits, and
// rejects days the calendar does not have instead of rolling them over.
func Parse(s string) (Date, error) {
	s = strings.TrimSpace(ident.NormalizeDigits(s))
	sep := "/"
	if strings.Contains(s, "-") {
		sep = "-"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 || len(parts[0]) != 4 || !digitsOfLen(parts[1]) || !digitsOfLen(parts[2]) {
		return Date{}, invalid(CodeDateFormat, `a Jalali date reads "1403/12/30"`)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Date{}, invalid(CodeDateFormat, `a Jalali date reads "1403/12/30"`)
		}
		n[i] = v
	}
	return NewDate(n[0], n[1], n[2])
}

// digitsOfLen reports whether s is one or two ASCII digits.
func digitsOfLen(s string) bool {
	return len(s) >= 1 && len(s) <= 2 && strings.Trim(s, "0123456789") == ""
}

// UnmarshalText lets dates travel as "1403/12/30" in JSON data files and requests.
func (d *Date) UnmarshalText(text []byte) error {
	parsed, err := Parse(string(text))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// MarshalText writes the form UnmarshalText reads.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func invalid(code, message string) error {
	return domain.Invalid(domain.FieldError{Field: "date", Code: code, Message: message})
}

// Package tracking is the case's tracking number: short enough to read out on the phone,
// unique per case, and carrying a check digit so a mistyped number is refused instead of
// finding someone else's case.
package tracking

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// groupCodes are the one-digit codes of the service groups, so a number says which desk it
// belongs to. A code is forever: numbers already given out carry it.
var groupCodes = map[access.Group]int{
	access.Permit: 1, access.Certificate: 2, access.Inquiry: 3, access.Land: 4, access.Violation: 5, access.CityServices: 6,
}

// minSeqWidth pads sequences so numbers of one year and group have one length until the
// 100 000th case.
const minSeqWidth = 5

// Number is a tracking number: the Jalali year of submission, the service group's code, the
// sequence within that year and group, and a Luhn check digit over them.
type Number struct {
	Year  int
	Group int
	Seq   uint64
}

// Series names the counter a Number's sequence comes from: one per Jalali year and group.
func Series(year int, g access.Group) (string, error) {
	code, ok := groupCodes[g]
	if !ok {
		return "", fmt.Errorf("tracking: no code for service group %q", g)
	}
	return strconv.Itoa(year) + "-" + strconv.Itoa(code), nil
}

// New is the seq-th number of the series of year and g.
func New(year int, g access.Group, seq uint64) (Number, error) {
	code, ok := groupCodes[g]
	if !ok {
		return Number{}, fmt.Errorf("tracking: no code for service group %q", g)
	}
	return Number{Year: year, Group: code, Seq: seq}, nil
}

// digits is the number without its check digit.
func (n Number) digits() string {
	return fmt.Sprintf("%04d%d%0*d", n.Year, n.Group, minSeqWidth, n.Seq)
}

// String is the number as people see it: 1405-1-00042-7.
func (n Number) String() string {
	d := n.digits()
	return d[:4] + "-" + d[4:5] + "-" + d[5:] + "-" + strconv.Itoa(luhn(d))
}

// Looks reports whether s has a tracking number's shape (digits, as printed or without dashes)
// rather than a case id's or a certificate number's, so a search field can take all three and
// still refuse a tracking number with a wrong check digit.
func Looks(s string) bool {
	d := strings.ReplaceAll(ident.NormalizeDigits(strings.TrimSpace(s)), " ", "")
	dashes := strings.Count(d, "-")
	d = strings.ReplaceAll(d, "-", "")
	return (dashes == 0 || dashes == 3) && len(d) >= 4+1+minSeqWidth+1 && strings.Trim(d, "0123456789") == ""
}

// separators are what people type between a number's parts.
var separators = strings.NewReplacer("-", "", " ", "")

// Parse reads a number typed with any digits (Persian, Arabic-Indic, ASCII) and with or
// without its dashes and spaces. A number whose check digit does not match is refused with
// the code check_digit on field.
func Parse(field, s string) (Number, error) {
	d := separators.Replace(ident.NormalizeDigits(strings.TrimSpace(s)))
	if len(d) < 4+1+minSeqWidth+1 || strings.Trim(d, "0123456789") != "" {
		return Number{}, domain.Invalid(domain.FieldError{Field: field, Code: "format",
			Message: "a tracking number is digits like 1405-1-00042-7"})
	}
	body, check := d[:len(d)-1], int(d[len(d)-1]-'0')
	if luhn(body) != check {
		return Number{}, domain.Invalid(domain.FieldError{Field: field, Code: "check_digit",
			Message: "the check digit (last digit) does not match: the number is mistyped"})
	}
	year, _ := strconv.Atoi(body[:4])
	seq, err := strconv.ParseUint(body[5:], 10, 64)
	if err != nil {
		return Number{}, domain.Invalid(domain.FieldError{Field: field, Code: "format", Message: "the sequence is too long"})
	}
	return Number{Year: year, Group: int(body[4] - '0'), Seq: seq}, nil
}

// luhn is the Luhn mod 10 check digit of the decimal string d: it catches every single
// wrong digit and most swaps of neighbours, the usual mistakes on the phone.
func luhn(d string) int {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 0 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return (10 - sum%10) % 10
}

package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Lang is the language a page is rendered in.
type Lang string

// Persian is the default: the city's citizens read it first. English is for visitors.
const (
	Fa Lang = "fa"
	En Lang = "en"
)

// parseLang accepts only the two languages the pages have; anything else is Persian.
func parseLang(s string) Lang {
	if strings.EqualFold(strings.TrimSpace(s), "en") {
		return En
	}
	return Fa
}

// Dir is the writing direction of the language, for the html dir attribute and chart layout.
func (l Lang) Dir() string {
	if l == Fa {
		return "rtl"
	}
	return "ltr"
}

// Other is the language the switch link offers.
func (l Lang) Other() Lang {
	if l == Fa {
		return En
	}
	return Fa
}

// Digits writes ASCII digits as Persian ones in fa, so every number on a Persian page reads
// the same way.
func (l Lang) Digits(s string) string {
	if l != Fa {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune('۰' + (r - '0'))
		case r == ',':
			b.WriteRune('٬') // Arabic thousands separator
		case r == '.':
			b.WriteRune('٫') // Arabic decimal separator
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Int formats n with thousands separators in the page's digits.
func (l Lang) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	return l.Digits(out)
}

// Decimal formats x with one decimal place, dropping a trailing ".0".
func (l Lang) Decimal(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	return l.Digits(strings.TrimSuffix(s, ".0"))
}

// Metres formats a length in metres as a plan states it, to the centimetre, with its unit.
func (l Lang) Metres(x float64) string {
	n := l.Digits(strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64))
	if l == Fa {
		return n + " متر"
	}
	return n + " m"
}

// Percent formats a share (0–1) as a whole percentage.
func (l Lang) Percent(share float64) string {
	p := l.Int(int64(math.Round(share * 100)))
	if l == Fa {
		return p + "٪"
	}
	return p + "%"
}

// Date is the Jalali day of t; Persian digits in fa, Latin in en with the Gregorian day beside.
func (l Lang) Date(t time.Time) string {
	if l == Fa {
		return jalali.Format(t, jalali.Persian)
	}
	return jalali.Format(t, jalali.Latin) + " (" + t.In(jalali.Tehran()).Format("2 Jan 2006") + ")"
}

// DateTime is the Jalali day of t with its Tehran time of day, "۱۴۰۵/۰۹/۰۵ ساعت ۱۵:۳۰".
func (l Lang) DateTime(t time.Time) string {
	clock := l.Digits(t.In(jalali.Tehran()).Format("15:04"))
	if l == Fa {
		return l.Date(t) + " ساعت " + clock
	}
	return l.Date(t) + ", " + clock + " Tehran time"
}

var monthNames = [2][12]string{
	{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"},
	{"Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"},
}

// MonthName is a Jalali month as "آبان ۱۴۰۵" or "Aban 1405".
func (l Lang) MonthName(m Month) string {
	return l.monthOnly(m.Month) + " " + l.Digits(strconv.Itoa(m.Year))
}

// MonthLabel names a month of the trend, marking the month still running.
func (l Lang) MonthLabel(m MonthStats) string {
	if m.Partial {
		return l.MonthName(m.Month) + " " + l.T("month.partial")
	}
	return l.MonthName(m.Month)
}

// Span is a run of days as "۶ آبان تا ۵ آذر ۱۴۰۵" or "6 Aban – 5 Azar 1405", with the first
// day's year too when the run crosses a new year.
func (l Lang) Span(d Days) string {
	from, to := jalali.FromTime(d.From), jalali.FromTime(d.To)
	day := func(j jalali.Date) string { return l.Digits(strconv.Itoa(j.Day)) + " " + l.monthOnly(j.Month) }
	first := day(from)
	if from.Year != to.Year {
		first += " " + l.Digits(strconv.Itoa(from.Year))
	}
	last := day(to) + " " + l.Digits(strconv.Itoa(to.Year))
	if l == En {
		return first + " – " + last
	}
	return first + " تا " + last
}

// monthOnly is the name of the month of the year, or its number if out of range.
func (l Lang) monthOnly(month int) string {
	if month < 1 || month > 12 {
		return l.Digits(strconv.Itoa(month))
	}
	if l == En {
		return monthNames[1][month-1]
	}
	return monthNames[0][month-1]
}

// Text picks the language's side of a bilingual catalogue text, falling back to the other.
func (l Lang) Text(t catalogue.Text) string {
	if l == En && t.En != "" || t.Fa == "" {
		return t.En
	}
	return t.Fa
}

// District names a district: the read models keep its number, citizens read "منطقه ۳".
func (l Lang) District(d string) string {
	if _, err := strconv.Atoi(d); err != nil {
		return d
	}
	if l == Fa {
		return "منطقه " + l.Digits(d)
	}
	return "District " + d
}

// Days writes a median of working days, or a dash when none is published.
func (l Lang) Days(v *float64) string {
	if v == nil {
		return l.T("none")
	}
	return l.Decimal(*v)
}

// Share writes a share as a percentage, or a dash when none is published.
func (l Lang) Share(v *float64) string {
	if v == nil {
		return l.T("none")
	}
	return l.Percent(*v)
}

// Count shows a hidden count as "hidden" rather than a number: it may be under 5, or hidden
// beside one that is, so "fewer than 5" would not always be true.
func (l Lang) Count(c Count) string {
	if c.Suppressed {
		return l.T("suppressed")
	}
	return l.Int(int64(c.N))
}

// Fact writes a certificate's fact in the page's language and digits.
func (l Lang) Fact(f Fact) string {
	if f.Text != (catalogue.Text{}) {
		return l.Text(f.Text)
	}
	if f.Unit == "" {
		return l.Decimal(f.Number)
	}
	return l.Decimal(f.Number) + " " + l.T(f.Unit)
}

package jalali

import (
	"fmt"
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// The years this package accepts: the range over which the calendar library's leap rule was
// cross-checked against go-jalaali (domain.md §6).
const (
	MinYear = 1207
	MaxYear = 1600
)

// Date is one Jalali calendar day, with no time or zone, as forms and legal deadlines state it.
// The zero Date is invalid; build one with NewDate, Parse or FromTime.
type Date struct {
	Year  int
	Month int
	Day   int
}

// NewDate checks a day given as numbers, rejecting days that the calendar does not have.
func NewDate(year, month, day int) (Date, error) {
	d := Date{Year: year, Month: month, Day: day}
	if !d.Valid() {
		return Date{}, invalid(CodeDateRange, fmt.Sprintf("%s is not a day of the Jalali calendar", d))
	}
	return d, nil
}

// Valid reports whether the calendar has this day: months 1–6 have 31 days, 7–11 have 30 and
// Esfand has 30 only in leap years.
func (d Date) Valid() bool {
	return d.Year >= MinYear && d.Year <= MaxYear && d.Month >= 1 && d.Month <= 12 &&
		d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// String renders the day as "1403/12/30", the form Parse reads.
func (d Date) String() string { return fmt.Sprintf("%04d/%02d/%02d", d.Year, d.Month, d.Day) }

// Compare orders days: -1 if d is before o, 0 if equal, +1 if after.
func (d Date) Compare(o Date) int {
	switch a, b := d.Year*10000+d.Month*100+d.Day, o.Year*10000+o.Month*100+o.Day; {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays moves n calendar days forward (or back when n < 0).
func (d Date) AddDays(n int) Date {
	return FromTime(ToTime(d).In(Tehran()).AddDate(0, 0, n))
}

// Next is the following day, by calendar arithmetic alone: counting loops use it rather than
// AddDays, which converts through time.Time.
func (d Date) Next() Date {
	switch {
	case d.Day < DaysIn(d.Year, d.Month):
		return Date{Year: d.Year, Month: d.Month, Day: d.Day + 1}
	case d.Month < 12:
		return Date{Year: d.Year, Month: d.Month + 1, Day: 1}
	}
	return Date{Year: d.Year + 1, Month: 1, Day: 1}
}

// Weekday is the day of the week in Tehran; Friday is the Iranian weekend.
func (d Date) Weekday() time.Weekday { return ToTime(d).In(Tehran()).Weekday() }

// IsLeap reports whether Esfand of year has 30 days, using the library's own rule so parsing
// and conversion can never disagree.
func IsLeap(year int) bool {
	return ptime.Date(year, ptime.Esfand, 30, 12, 0, 0, 0, Tehran()).Month() == ptime.Esfand
}

// DaysIn returns the length of a month of year (0 for a month outside 1–12).
func DaysIn(year, month int) int {
	switch {
	case month >= 1 && month <= 6:
		return 31
	case month >= 7 && month <= 11:
		return 30
	case month == 12 && IsLeap(year):
		return 30
	case month == 12:
		return 29
	}
	return 0
}

package workdays

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// AddWorkingDays returns the start (Tehran midnight, as a UTC instant) of the n-th working day
// after the day containing start; the day of submission itself never counts, as in Iranian
// administrative practice. For n <= 0 it returns the start of start's own day.
func (c *Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	d, wd := dayOf(start)
	for n > 0 {
		d, wd = d.Next(), (wd+1)%7
		if c.isWorking(d, wd) {
			n--
		}
	}
	return jalali.ToTime(d)
}

// WorkingDaysBetween counts the working days after a's day up to and including b's day, so
// WorkingDaysBetween(a, AddWorkingDays(a, n)) == n. It is negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	sign := 1
	if a.After(b) {
		a, b, sign = b, a, -1
	}
	d, wd := dayOf(a)
	to := jalali.FromTime(b)
	n := 0
	for d.Compare(to) < 0 {
		d, wd = d.Next(), (wd+1)%7
		if c.isWorking(d, wd) {
			n++
		}
	}
	return sign * n
}

// dayOf is the Tehran day of t and its weekday, which counting loops then advance together.
func dayOf(t time.Time) (jalali.Date, time.Weekday) {
	d := jalali.FromTime(t)
	return d, d.Weekday()
}

package workdays

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// AddWorkingDays returns the start (Tehran midnight, as a UTC instant) of the n-th working day
// after the day containing start; the day of submission itself never counts, as in Iranian
// administrative practice. For n <= 0 it returns the start of start's own day.
func (c *Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	d := jalali.FromTime(start)
	for n > 0 {
		d = d.AddDays(1)
		if c.isWorkingDate(d) {
			n--
		}
	}
	return jalali.ToTime(d)
}

// WorkingDaysBetween counts the working days after a's day up to and including b's day, so
// WorkingDaysBetween(a, AddWorkingDays(a, n)) == n. It is negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	from, to := jalali.FromTime(a), jalali.FromTime(b)
	sign := 1
	if from.Compare(to) > 0 {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from.AddDays(1); d.Compare(to) <= 0; d = d.AddDays(1) {
		if c.isWorkingDate(d) {
			n++
		}
	}
	return sign * n
}

package workdays_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/workdays"
)

// BenchmarkDue90CalendarDays is the longest common deadline (land subdivision) with a pause.
func BenchmarkDue90CalendarDays(b *testing.B) {
	c := workdays.Default()
	start := mustDay(b, "1404/06/01")
	dl := workdays.Deadline{Days: 90, Kind: workdays.CalendarDays}
	for b.Loop() {
		c.Due(start, dl, 10)
	}
}

// BenchmarkWorkingDaysBetweenAYear counts the working days of a whole year.
func BenchmarkWorkingDaysBetweenAYear(b *testing.B) {
	c := workdays.Default()
	from, to := mustDay(b, "1404/01/01"), mustDay(b, "1404/12/29")
	for b.Loop() {
		c.WorkingDaysBetween(from, to)
	}
}

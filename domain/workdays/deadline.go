package workdays

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Kind says how a legal deadline counts days: laws and resolutions use both.
type Kind string

// The two ways the catalogue's deadlines count.
const (
	WorkingDays  Kind = "working"
	CalendarDays Kind = "calendar"
)

// Valid reports whether k is one of the two kinds; data files are checked with it.
func (k Kind) Valid() bool { return k == WorkingDays || k == CalendarDays }

// Deadline is a legal or service-norm period as the catalogue states it.
type Deadline struct {
	Days int  `json:"days"`
	Kind Kind `json:"kind"`
}

// Due returns the start of the day by which a case opened at start must be done, given the
// working days its clock was paused (waiting for the applicant). A working-day deadline adds
// Days+paused working days. A calendar-day deadline adds Days calendar days, then the paused
// working days, and if it lands on a day off moves to the next working day (the usual rule
// that a period ending on a holiday ends on the next working day, Civil Procedure Code
// Art. 445; to be confirmed by the municipality's legal office).
func (c *Calendar) Due(start time.Time, dl Deadline, pausedWorkingDays int) time.Time {
	if dl.Kind != CalendarDays {
		return c.AddWorkingDays(start, dl.Days+pausedWorkingDays)
	}
	due := jalali.FromTime(start).AddDays(dl.Days)
	due = jalali.FromTime(c.AddWorkingDays(jalali.ToTime(due), pausedWorkingDays))
	for !c.isWorkingDate(due) {
		due = due.AddDays(1)
	}
	return jalali.ToTime(due)
}

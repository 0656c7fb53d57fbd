package workdays

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// AtRiskDays is how many working days before its due day a case whose clock runs counts as
// at risk.
const AtRiskDays = 2

// Cutoffs are the legal clock at one instant as bounds on a due instant, so read models can
// compare a due_at column in SQL and still agree with Overdue: a due instant before
// OverdueBefore is overdue; one from OverdueBefore up to AtRiskBefore is at risk.
type Cutoffs struct {
	OverdueBefore time.Time // the start of today in Tehran: earlier due days have ended
	AtRiskBefore  time.Time // the end of the AtRiskDays-th working day after today
}

// CutoffsAt are the cutoffs at now on the calendar's working days.
func (c *Calendar) CutoffsAt(now time.Time) Cutoffs {
	today := OverdueBefore(now)
	last := jalali.FromTime(c.AddWorkingDays(today, AtRiskDays))
	return Cutoffs{OverdueBefore: today, AtRiskBefore: jalali.ToTime(last.Next())}
}

// OverdueBefore is the start of now's day in Tehran: a due instant before it lies on a day
// that has wholly passed.
func OverdueBefore(now time.Time) time.Time { return jalali.ToTime(jalali.FromTime(now)) }

// Overdue reports whether now is past the whole due day in Tehran, so work done at 23:00 on
// the due day is still on time.
func Overdue(due, now time.Time) bool { return due.Before(OverdueBefore(now)) }

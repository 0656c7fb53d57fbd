package workdays_test

import (
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// The cutoffs read models compare due_at with in SQL say what Overdue says, at every hour
// around the end of a due day, and at risk is the last AtRiskDays working days before it.
func TestCutoffsAgreeWithOverdue(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	// Wednesday 1404/01/20; 01/17 is a Sunday.
	due := jalali.ToTime(mustDate(t, "1404/01/20"))
	for h := -72; h <= 72; h++ {
		now := due.Add(time.Duration(h)*time.Hour + 30*time.Minute)
		k := c.CutoffsAt(now)
		if got, want := due.Before(k.OverdueBefore), workdays.Overdue(due, now); got != want {
			t.Fatalf("at %s: cutoff says overdue %v, Overdue says %v", now, got, want)
		}
		if want := h >= 24; workdays.Overdue(due, now) != want {
			t.Fatalf("at %s (due day + %dh): Overdue = %v", now, h, !want)
		}
	}
	for _, tt := range []struct {
		today  string
		atRisk bool
	}{
		{"1404/01/17", false}, // 01/18, 01/19, 01/20 are working days: three away
		{"1404/01/18", true},  // two working days away
		{"1404/01/19", true},
		{"1404/01/20", true}, // the due day itself
		{"1404/01/21", false},
	} {
		now := jalali.ToTime(mustDate(t, tt.today)).Add(11 * time.Hour)
		k := c.CutoffsAt(now)
		got := !due.Before(k.OverdueBefore) && due.Before(k.AtRiskBefore)
		if got != tt.atRisk {
			t.Errorf("on %s a case due 1404/01/20 at risk = %v, want %v", tt.today, got, tt.atRisk)
		}
	}
}

// Over a year of due days and hours, a working due day is at risk exactly when at most
// AtRiskDays working days lie between today and it.
func TestAtRiskCountsWorkingDays(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	start := jalali.ToTime(mustDate(t, "1404/01/01"))
	for d := 0; d < 365; d++ {
		now := start.AddDate(0, 0, d).Add(time.Duration(d%24) * time.Hour)
		k := c.CutoffsAt(now)
		for ahead := 0; ahead < 10; ahead++ {
			due := jalali.ToTime(jalali.FromTime(now).AddDays(ahead))
			if !c.IsWorkingDay(due) {
				continue
			}
			want := c.WorkingDaysBetween(now, due) <= workdays.AtRiskDays
			if got := !due.Before(k.OverdueBefore) && due.Before(k.AtRiskBefore); got != want {
				t.Fatalf("now %s, due %s: at risk %v, want %v", now, due, got, want)
			}
		}
	}
}

func mustDate(tb testing.TB, s string) jalali.Date {
	tb.Helper()
	d, err := jalali.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

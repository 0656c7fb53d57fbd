package workdays_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// A building-permit case is submitted on Saturday 1403/12/25 with a 15-working-day deadline.
// Days off around Nowruz: Friday 1403/12/24, 12/29 (oil nationalisation), 1404/01/01–04
// (Nowruz; 01/01 is also a Friday, 01/02 also Imam Ali), Friday 01/08, 01/11–12 (Eid al-Fitr,
// 01/12 also Republic Day), 01/13 (Nature Day), Fridays 01/15, 01/22, 01/29. Esfand 1403 has
// 30 days and 12/30 is an ordinary Thursday.
//
// Unpaused, the working days after 12/25 are 12/26, 12/27, 12/28, 12/30, 01/05, 01/06, 01/07,
// 01/09, 01/10, 01/14, 01/16, 01/17, 01/18, 01/19, 01/20: due 1404/01/20.
//
// The clerk returns it for documents on Monday 12/27 (2 days used) and the applicant answers
// on Monday 1404/01/18. The pause covers the working days after 12/27 up to 01/18 inclusive:
// 12/28, 12/30, 01/05, 01/06, 01/07, 01/09, 01/10, 01/14, 01/16, 01/17, 01/18 = 11. The 13
// remaining days run 01/19, 01/20, 01/21, 01/23, 01/24, 01/25, 01/26, 01/27, 01/28, 01/30,
// 01/31, 02/01, 02/02: due Tuesday 1404/02/02 (2025-04-22), which is 15 + 11 = 26 working
// days after submission.
func TestDueMovesAcrossNowruzWithAPause(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	submitted := mustDay(t, "1403/12/25")
	permit := workdays.Deadline{Days: 15, Kind: workdays.WorkingDays}

	if got := jalali.FromTime(c.Due(submitted, permit, 0)).String(); got != "1404/01/20" {
		t.Fatalf("unpaused due = %s, want 1404/01/20", got)
	}
	paused := c.WorkingDaysBetween(mustDay(t, "1403/12/27"), mustDay(t, "1404/01/18"))
	if paused != 11 {
		t.Fatalf("paused working days = %d, want 11", paused)
	}
	due := c.Due(submitted, permit, paused)
	if got := jalali.FromTime(due).String(); got != "1404/02/02" {
		t.Fatalf("paused due = %s, want 1404/02/02", got)
	}
	if workdays.Overdue(due, mustDay(t, "1404/02/02").Add(13*60*60*1e9)) {
		t.Fatal("late evening of the due day counts as overdue")
	}
	if !workdays.Overdue(due, mustDay(t, "1404/02/03")) {
		t.Fatal("the day after the due day is not overdue")
	}
}

// Calendar-day deadlines from Saturday 1403/12/25: +15 days is Sunday 1404/01/10 (5 days to
// the end of a 30-day Esfand, then 10), a working day. +16 days is 01/11, Eid al-Fitr, and
// 01/12–01/13 are holidays too, so the period ends on Thursday 01/14. With 2 paused working
// days, 01/10 + 2 working days skips 01/11–01/13 and lands on 01/16 (01/15 is a Friday).
func TestDueCountsCalendarDays(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	submitted := mustDay(t, "1403/12/25")
	tests := []struct {
		days, paused int
		want         string
	}{
		{15, 0, "1404/01/10"},
		{16, 0, "1404/01/14"},
		{15, 2, "1404/01/16"},
	}
	for _, tt := range tests {
		dl := workdays.Deadline{Days: tt.days, Kind: workdays.CalendarDays}
		if got := jalali.FromTime(c.Due(submitted, dl, tt.paused)).String(); got != tt.want {
			t.Errorf("Due(+%d calendar, paused %d) = %s, want %s", tt.days, tt.paused, got, tt.want)
		}
	}
}

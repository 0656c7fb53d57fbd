package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

// methodsPage explains how the figures are counted, from the same calendar and catalogue
// the city's clocks run on, so the explanation cannot drift from the arithmetic.
type methodsPage struct {
	page
	Year      int
	Covered   bool           // the calendar has this year's holidays
	Weekend   []time.Weekday // the year's days off every week
	Holidays  []holidayRow
	Deadlines []deadlineRow
	Hidden    int // the largest count hidden for being small: MinCell-1
	Days      int // the run of days the dashboard's tables cover
}

// holidayRow is one day off with every reason for it.
type holidayRow struct {
	Date  jalali.Date
	Names []workdays.Holiday
}

// deadlineRow is one service's legal deadline and where it comes from.
type deadlineRow struct {
	Name     catalogue.Text
	Deadline catalogue.Deadline
}

func (h *Handler) methods(c *gin.Context) {
	l := lang(c)
	year := jalali.FromTime(h.cfg.Now()).Year
	cal := h.cfg.Calendar
	p := methodsPage{page: newPage(l, c.Request, "methods", "methods.title"), Year: year, Covered: cal.Covers(year),
		Hidden: transparency.MinCell - 1, Days: recentDays}
	weekend := map[time.Weekday]bool{}
	for month := 1; month <= 12; month++ {
		for day := 1; day <= jalali.DaysIn(year, month); day++ {
			d := jalali.Date{Year: year, Month: month, Day: day}
			names := cal.Holidays(d)
			if len(names) > 0 {
				p.Holidays = append(p.Holidays, holidayRow{Date: d, Names: names})
			} else if !cal.IsWorkingDay(jalali.ToTime(d)) {
				weekend[d.Weekday()] = true
			}
		}
	}
	for wd := time.Saturday; ; wd = (wd + 1) % 7 { // the Iranian week starts on Saturday
		if weekend[wd] {
			p.Weekend = append(p.Weekend, wd)
		}
		if wd == time.Friday {
			break
		}
	}
	for _, svc := range h.cfg.Catalogue.Services() {
		p.Deadlines = append(p.Deadlines, deadlineRow{Name: svc.Name, Deadline: svc.Deadline})
	}
	h.render(c, http.StatusOK, "methods", p)
}

var weekdayNames = map[time.Weekday][2]string{
	time.Saturday: {"شنبه", "Saturday"}, time.Sunday: {"یکشنبه", "Sunday"}, time.Monday: {"دوشنبه", "Monday"},
	time.Tuesday: {"سه‌شنبه", "Tuesday"}, time.Wednesday: {"چهارشنبه", "Wednesday"}, time.Thursday: {"پنجشنبه", "Thursday"},
	time.Friday: {"جمعه", "Friday"},
}

// Weekday names a day of the week.
func (l Lang) Weekday(d time.Weekday) string {
	if l == En {
		return weekdayNames[d][1]
	}
	return weekdayNames[d][0]
}

// JalaliDate writes a Jalali date as "۱۴۰۵/۰۱/۰۱", or "1405/01/01 (21 Mar 2026)" in English.
func (l Lang) JalaliDate(d jalali.Date) string { return l.Date(jalali.ToTime(d)) }

// DeadlineText is a deadline as "۱۵ روز کاری" or "15 working days".
func (l Lang) DeadlineText(d workdays.Deadline) string {
	return l.Digits(strconv.Itoa(d.Days)) + " " + l.T("deadline."+string(d.Kind))
}

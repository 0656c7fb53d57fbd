package casesummary

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// NextAction is one step that moves a case on, as the person reading the case needs it: what
// it is in both languages and who may take it (the access policy's answer).
type NextAction struct {
	Action access.Action   `json:"action"`
	Text   lifecycle.Text  `json:"text"`
	Roles  []access.Role   `json:"roles"`
	Party  lifecycle.Party `json:"party"` // whom the case waits on while this step is due
}

// Moment is an instant as people and machines read it: the Tehran civil date in Persian digits
// and the UTC instant.
type Moment struct {
	UTC    time.Time `json:"utc"`
	Jalali string    `json:"jalali"`
}

// WorkingDays is the legal clock in Tehran working days: spent with staff so far, and left
// until the due day (negative once overdue). Remaining is absent while the clock is stopped.
type WorkingDays struct {
	Elapsed   int  `json:"elapsed"`
	Remaining *int `json:"remaining,omitempty"`
}

// ApplicantDue is the day by which the applicant should answer a request for documents, with
// the Tehran working days left (negative once passed). Overdue says the day has ended: the
// case then waits on an applicant who is late, and no rule closes it for that.
type ApplicantDue struct {
	Moment
	Remaining int  `json:"working_days_remaining"`
	Overdue   bool `json:"overdue"`
}

// moment is t for people, nil when there is no t.
func moment(t *time.Time) *Moment {
	if t == nil {
		return nil
	}
	return &Moment{UTC: t.UTC(), Jalali: jalali.Format(*t, jalali.Persian)}
}

// explain fills what a case says to people from its columns: the status in both languages,
// the next steps and who takes them, the due date in Jalali, and the working days of the
// legal clock at now. One vocabulary (lifecycle) and one clock (workdays) answer all of it.
func explain(c *Case, now time.Time, cal *workdays.Calendar) {
	e, _ := lifecycle.Of(lifecycle.Status(c.Status))
	c.StatusText, c.NextActions = e.Text, []NextAction{}
	for _, a := range e.Next {
		text, _ := lifecycle.ActionText(a)
		c.NextActions = append(c.NextActions, NextAction{Action: a, Text: text, Roles: lifecycle.MayTake(a), Party: e.WaitsOn})
	}
	c.Due, c.ValidUntilText = moment(c.DueAt), moment(c.ValidUntil)
	if c.applicantDueAt != nil && lifecycle.Status(c.Status) == lifecycle.ReturnedForDocuments {
		c.ApplicantDue = &ApplicantDue{Moment: *moment(c.applicantDueAt),
			Remaining: cal.WorkingDaysBetween(now, *c.applicantDueAt), Overdue: workdays.Overdue(*c.applicantDueAt, now)}
	}
	if c.DueAt == nil || e.Finished() {
		return
	}
	days := WorkingDays{Elapsed: c.StaffDays}
	if e.ClockRuns() {
		if c.clockSince != nil && now.After(*c.clockSince) {
			days.Elapsed += cal.WorkingDaysBetween(*c.clockSince, now)
		}
		left := cal.WorkingDaysBetween(now, *c.DueAt)
		days.Remaining = &left
	}
	c.WorkingDays = &days
}

package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// applicantDue is a case's applicant_due as responses show it.
type applicantDue struct {
	UTC       time.Time `json:"utc"`
	Jalali    string    `json:"jalali"`
	Remaining int       `json:"working_days_remaining"`
	Overdue   bool      `json:"overdue"`
}

// askForTheDeed has applicant submit a permit.new case online and clerk ask for its deed; it
// returns the case and where the request landed.
func askForTheDeed(t *testing.T, applicant, clerk client) (string, commandResult) {
	t.Helper()
	r := applicant.post("/v1/cases", map[string]any{"service": "permit.new", "channel": "online", "district": "3",
		"applicant": map[string]any{"name": "سارا احمدی", "national_id": "3974017844", "phone": "09141234567"}})
	wantStatus(t, r, http.StatusCreated)
	var last commandResult
	r.json(t, &last)
	r = clerk.post("/v1/cases/"+last.CaseID+"/request-documents", map[string]any{"requests": []map[string]any{{"document": "deed", "kind": "missing"}}})
	wantStatus(t, r, http.StatusOK)
	id := last.CaseID
	r.json(t, &last)
	return id, last
}

// An applicant asked for documents reads by when to answer, in Jalali with Persian digits and
// in UTC, with the working days left, in the case, in their list and on /track; once the day has
// passed the case says so and stays open; once they answer the due day is gone.
func TestTheApplicantReadsByWhenToAnswer(t *testing.T) {
	var clock standingClock
	asked := time.Date(2026, 5, 10, 10, 0, 0, 0, jalali.Tehran()) // Sunday 1405/02/20, mid-morning in Tehran
	clock.Set(asked)
	app := mustOpenAppWith(t, func(cfg *appConfig) { cfg.Now = clock.Now })
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	id, last := askForTheDeed(t, applicant, clerk)
	want := workdays.Default().AddWorkingDays(asked, catalogue.DefaultDocumentsDueDays)

	read := func(t *testing.T) (one, listed *applicantDue, number string) {
		t.Helper()
		var c struct {
			TrackingNumber string        `json:"tracking_number"`
			ApplicantDue   *applicantDue `json:"applicant_due"`
		}
		applicant.get("/v1/cases/"+id+"?after="+last.Position).json(t, &c)
		var page struct {
			Items []struct {
				ApplicantDue *applicantDue `json:"applicant_due"`
			}
		}
		applicant.get("/v1/me/cases?after="+last.Position).json(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("%d cases in the applicant's list", len(page.Items))
		}
		return c.ApplicantDue, page.Items[0].ApplicantDue, c.TrackingNumber
	}
	t.Run("by when, in Jalali and UTC, with working days left", func(t *testing.T) {
		one, listed, _ := read(t)
		for _, due := range []*applicantDue{one, listed} {
			if due == nil || !due.UTC.Equal(want) || due.Jalali != jalali.Format(want, jalali.Persian) ||
				!strings.ContainsAny(due.Jalali, "۰۱۲۳۴۵۶۷۸۹") || due.Remaining != catalogue.DefaultDocumentsDueDays || due.Overdue {
				t.Fatalf("applicant due %+v, want %s (%s) with %d working days left", due, want, jalali.Format(want, jalali.Persian), catalogue.DefaultDocumentsDueDays)
			}
		}
	})
	t.Run("on the public tracking page", func(t *testing.T) {
		_, _, number := read(t)
		page := client{tb: t, base: app.URL()}.get("/track?number=" + number + "&last4=7844")
		wantStatus(t, page, http.StatusOK)
		if !strings.Contains(string(page.body), jalali.Format(want, jalali.Persian)) {
			t.Fatalf("the tracking page does not say by when to answer (%s): %s", jalali.Format(want, jalali.Persian), page.body)
		}
	})
	t.Run("overdue once the day has passed, and still open", func(t *testing.T) {
		clock.Set(want.AddDate(0, 0, 9))
		one, _, _ := read(t)
		if one == nil || !one.Overdue || one.Remaining >= 0 {
			t.Fatalf("applicant due %+v after the day passed, want overdue with negative days left", one)
		}
		r := applicant.post("/v1/cases/"+id+"/provide-documents", map[string]any{"documents": []string{"deed"}})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &last)
		if one, _, _ := read(t); one != nil {
			t.Fatalf("the answered request still shows a due day %+v", one)
		}
	})
}

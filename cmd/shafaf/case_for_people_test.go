package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/jalali"
	vocab "github.com/shafaf-city/shafaf/domain/lifecycle"
)

// nextAction is a step that moves a case on, as a case response names it.
type nextAction struct {
	Action string     `json:"action"`
	Text   vocab.Text `json:"text"`
	Roles  []string   `json:"roles"`
	Party  string     `json:"party"`
}

// caseForPeople is what a case says to the person reading it.
type caseForPeople struct {
	ID             string       `json:"id"`
	TrackingNumber string       `json:"tracking_number"`
	Status         string       `json:"status"`
	StatusText     vocab.Text   `json:"status_text"`
	WaitingOn      string       `json:"waiting_on"`
	NextActions    []nextAction `json:"next_actions"`
	Due            struct {
		UTC    time.Time `json:"utc"`
		Jalali string    `json:"jalali"`
	} `json:"due"`
	WorkingDays *struct {
		Elapsed   int  `json:"elapsed"`
		Remaining *int `json:"remaining"`
	} `json:"working_days"`
	Outstanding []string `json:"outstanding_documents"`
}

func TestAnApplicantReadsTheirCaseInPersian(t *testing.T) {
	app := MustOpenApp(t)
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	id, last := askForTheDeed(t, applicant, clerk)

	check := func(t *testing.T, c caseForPeople) {
		t.Helper()
		want, _ := vocab.Of(vocab.ReturnedForDocuments)
		if c.StatusText != want.Text || c.WaitingOn != "applicant" {
			t.Fatalf("status %s reads %+v waiting on %s", c.Status, c.StatusText, c.WaitingOn)
		}
		i := slices.IndexFunc(c.NextActions, func(a nextAction) bool { return a.Action == string(access.ProvideDocuments) })
		if i < 0 || c.NextActions[i].Text.Fa == "" || !slices.Contains(c.NextActions[i].Roles, "applicant") || c.NextActions[i].Party != "applicant" {
			t.Fatalf("next actions %+v: the applicant should be told to send documents", c.NextActions)
		}
		if c.Due.Jalali != jalali.Format(c.Due.UTC, jalali.Persian) || !strings.ContainsAny(c.Due.Jalali, "۰۱۲۳۴۵۶۷۸۹") {
			t.Fatalf("due %+v: want the Tehran date in Persian digits", c.Due)
		}
		if c.WorkingDays == nil || c.WorkingDays.Remaining != nil {
			t.Fatalf("working days %+v: the clock is stopped while the applicant has the move", c.WorkingDays)
		}
		if !slices.Equal(c.Outstanding, []string{"deed"}) {
			t.Fatalf("outstanding %v, want the deed", c.Outstanding)
		}
		if c.TrackingNumber == "" {
			t.Fatal("no tracking number")
		}
	}
	t.Run("the case itself", func(t *testing.T) {
		r := applicant.get("/v1/cases/" + id + "?after=" + last.Position)
		wantStatus(t, r, http.StatusOK)
		var c caseForPeople
		r.json(t, &c)
		check(t, c)
	})
	t.Run("the applicant's list", func(t *testing.T) {
		r := applicant.get("/v1/me/cases?after=" + last.Position)
		wantStatus(t, r, http.StatusOK)
		var page struct{ Items []caseForPeople }
		r.json(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("%d cases", len(page.Items))
		}
		check(t, page.Items[0])
	})
	t.Run("by tracking number", func(t *testing.T) {
		r := applicant.get("/v1/cases/" + id + "?after=" + last.Position)
		var c caseForPeople
		r.json(t, &c)
		r = applicant.get("/v1/cases/by-number/" + c.TrackingNumber)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &c)
		check(t, c)
	})
}

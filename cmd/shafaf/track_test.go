package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	vocab "github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/tracking"
)

// TestACitizenTracksACaseOnThePublicPage submits a case through the API, then looks it up on
// /track as anyone could: with the right last four digits of the applicant's national ID it
// shows where the case stands and nothing personal; with wrong digits, or for a number no case
// has, it answers the same "not found".
func TestACitizenTracksACaseOnThePublicPage(t *testing.T) {
	app := MustOpenApp(t)
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	r := applicant.post("/v1/cases", map[string]any{"service": "permit.new", "channel": "online", "district": "3",
		"applicant": map[string]any{"name": "سارا احمدی", "national_id": "3974017844", "phone": "09141234567", "address": "خیابان آزادی، پلاک ۱۲"}})
	wantStatus(t, r, http.StatusCreated)
	var sub commandResult
	r.json(t, &sub)
	r = applicant.get("/v1/cases/" + sub.CaseID + "?after=" + sub.Position) // the read model has the case
	wantStatus(t, r, http.StatusOK)
	var c caseForPeople
	r.json(t, &c)

	public := client{tb: t, base: app.URL()}
	track := func(number, last4 string) string {
		t.Helper()
		r := public.get("/track?" + url.Values{"number": {number}, "last4": {last4}}.Encode())
		wantStatus(t, r, http.StatusOK)
		return string(r.body)
	}
	t.Run("the right last four show status, whose move, the due date and the next step", func(t *testing.T) {
		typed := strings.ReplaceAll(persianDigits(c.TrackingNumber), "-", "") // as typed on a Persian phone keyboard
		page := track(typed, persianDigits("7844"))
		want, _ := vocab.Of(vocab.Status(c.Status))
		for _, s := range []string{`data-status="` + c.Status + `"`, want.Text.Fa, `data-party="` + c.WaitingOn + `"`, `id="result-due"`, persianDigits(c.TrackingNumber)} {
			if !strings.Contains(page, s) {
				t.Errorf("the page lacks %q", s)
			}
		}
		for _, s := range []string{"سارا", "احمدی", "3974017844", persianDigits("3974017844"), "7844", persianDigits("7844"), "09141234567", "آزادی", sub.CaseID} {
			if strings.Contains(page, s) {
				t.Errorf("the page shows %q", s)
			}
		}
	})
	t.Run("an API client gets the same as JSON, and not found as a problem", func(t *testing.T) {
		q := "/track?" + url.Values{"number": {c.TrackingNumber}, "last4": {"7844"}}.Encode()
		r := public.do(http.MethodGet, q, "", nil, "Accept", "application/json")
		wantStatus(t, r, http.StatusOK)
		var st struct {
			Status     string     `json:"status"`
			StatusText vocab.Text `json:"status_text"`
			WaitingOn  string     `json:"waiting_on"`
		}
		r.json(t, &st)
		if st.Status != c.Status || st.StatusText != c.StatusText || st.WaitingOn != c.WaitingOn {
			t.Errorf("JSON status %+v, want the case's %s", st, c.Status)
		}
		wantProblem(t, public.do(http.MethodGet, strings.Replace(q, "7844", "7845", 1), "", nil, "Accept", "application/json"), http.StatusNotFound, "not_found")
	})
	t.Run("wrong digits and an unknown number get the same answer", func(t *testing.T) {
		wrong := track(c.TrackingNumber, "7845")
		n, err := tracking.Parse("number", c.TrackingNumber)
		if err != nil {
			t.Fatal(err)
		}
		n.Seq += 1000
		unknown := track(n.String(), "7845")
		if !strings.Contains(wrong, `data-status="unknown"`) || strings.Contains(wrong, `data-status="`+c.Status+`"`) {
			t.Errorf("a wrong last four did not answer not found")
		}
		// the form is refilled with the number typed, the one difference between the two pages
		if strings.ReplaceAll(unknown, n.String(), "") != strings.ReplaceAll(wrong, c.TrackingNumber, "") {
			t.Errorf("a wrong last four and an unknown number answer differently")
		}
	})
}

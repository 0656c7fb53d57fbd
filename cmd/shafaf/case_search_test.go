package main

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/tracking"
)

// numberedCase is a case row with its tracking number.
type numberedCase struct {
	ID             string `json:"id"`
	TrackingNumber string `json:"tracking_number"`
}

// mistype changes the first digit of the sequence, keeping the number's shape.
func mistype(n string) string {
	i := strings.LastIndex(n, "-") - 1
	d := (n[i]-'0'+1)%10 + '0'
	return n[:i] + string(d) + n[i+1:]
}

func wantFieldError(t *testing.T, r response, field, code string) {
	t.Helper()
	wantProblem(t, r, http.StatusBadRequest, "invalid")
	var p struct {
		Errors []struct{ Field, Code string } `json:"errors"`
	}
	r.json(t, &p)
	if len(p.Errors) != 1 || p.Errors[0].Field != field || p.Errors[0].Code != code {
		t.Fatalf("errors %s, want %s %s", r.body, field, code)
	}
}

func TestCaseSearchForStaff(t *testing.T) {
	var clock testClock
	app := MustOpenAppWithClock(t, &clock)
	ids, _ := queryCity(t, app, &clock)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	auditor := client{tb: t, base: app.URL(), actor: "auditor:aud-1"}
	r := clerk.post("/v1/cases", map[string]any{"service": "permit.renew", "channel": "walk_in", "district": "3",
		"applicant": map[string]any{"name": "علی\u200cرضا کریمی", "national_id": "0013542419"}})
	wantStatus(t, r, http.StatusCreated)
	var last commandResult
	r.json(t, &last)
	ids["persian walk-in"] = last.CaseID
	pos := last.Position

	find := func(t *testing.T, c client, q url.Values) []string {
		t.Helper()
		q.Set("after", pos)
		got := idsOf(listCases(t, c, q).Items)
		slices.Sort(got)
		return got
	}
	want := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, ids[n])
		}
		slices.Sort(out)
		return out
	}

	t.Run("every case has a valid tracking number of its own", func(t *testing.T) {
		r := auditor.get("/v1/cases?after=" + url.QueryEscape(pos))
		wantStatus(t, r, http.StatusOK)
		var page struct{ Items []numberedCase }
		r.json(t, &page)
		seen := map[string]bool{}
		for _, c := range page.Items {
			if _, err := tracking.Parse("number", c.TrackingNumber); err != nil || seen[c.TrackingNumber] {
				t.Fatalf("case %s has number %q (%v)", c.ID, c.TrackingNumber, err)
			}
			seen[c.TrackingNumber] = true
		}
	})

	var number string
	r = clerk.get("/v1/cases/" + ids["persian walk-in"])
	wantStatus(t, r, http.StatusOK)
	var c numberedCase
	r.json(t, &c)
	number = c.TrackingNumber

	t.Run("a clerk finds a case by its tracking number", func(t *testing.T) {
		r := clerk.get("/v1/cases/by-number/" + url.PathEscape(number))
		wantStatus(t, r, http.StatusOK)
		var got numberedCase
		r.json(t, &got)
		if got.ID != ids["persian walk-in"] {
			t.Fatalf("by-number %s found %s", number, got.ID)
		}
		bare := strings.ReplaceAll(number, "-", "")
		if got := find(t, clerk, url.Values{"number": {bare}}); !slices.Equal(got, want("persian walk-in")) {
			t.Fatalf("?number=%s found %v", bare, got)
		}
	})
	t.Run("a mistyped number is refused naming the check digit", func(t *testing.T) {
		wantFieldError(t, clerk.get("/v1/cases/by-number/"+url.PathEscape(mistype(number))), "number", "check_digit")
		wantFieldError(t, clerk.get("/v1/cases?number="+url.QueryEscape(mistype(number))), "number", "check_digit")
	})
	t.Run("another applicant's case is as missing as none", func(t *testing.T) {
		stranger := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
		wantProblem(t, stranger.get("/v1/cases/by-number/"+url.PathEscape(number)), http.StatusNotFound, "not_found")
	})
	t.Run("a clerk finds a citizen's cases by national ID", func(t *testing.T) {
		// typed in Persian digits, as a citizen reads it off the card
		got := find(t, auditor, url.Values{"national_id": {"۰۰۱۳۵۴۲۴۱۹"}})
		if !slices.Equal(got, want("district 4 renewal", "another walk-in", "persian walk-in")) {
			t.Fatalf("by national ID: %v", got)
		}
		got = find(t, clerk, url.Values{"national_id": {"0013542419"}})
		if !slices.Equal(got, want("another walk-in", "persian walk-in")) {
			t.Fatalf("a district 3 clerk by national ID: %v", got)
		}
	})
	t.Run("a clerk finds a citizen by a name prefix typed with Arabic yeh and kaf", func(t *testing.T) {
		for _, prefix := range []string{"علي رضا كري", "عليرضا", "علی‌رضا"} {
			if got := find(t, clerk, url.Values{"name": {prefix}}); !slices.Equal(got, want("persian walk-in")) {
				t.Fatalf("name %q found %v", prefix, got)
			}
		}
		if got := find(t, auditor, url.Values{"name": {"karimi"}}); len(got) != 0 {
			t.Fatalf("a name is searched by its beginning, %q found %v", "karimi", got)
		}
		if got := find(t, auditor, url.Values{"name": {"REZA k"}}); !slices.Equal(got, want("district 4 renewal", "another walk-in")) {
			t.Fatalf("name REZA k found %v", got)
		}
	})
	t.Run("an unknown filter is refused naming it", func(t *testing.T) {
		wantFieldError(t, clerk.get("/v1/cases?nationalid=0013542419"), "nationalid", "unknown_filter")
	})
	t.Run("a bad national ID or plot is refused", func(t *testing.T) {
		if r := clerk.get("/v1/cases?national_id=1234567890"); r.status != http.StatusBadRequest {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		wantFieldError(t, clerk.get("/v1/cases?plot=twelve"), "plot", "format")
	})
}

package main

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"
)

// caseRow is the part of a case_summary row these tests look at.
type caseRow struct {
	ID          string    `json:"id"`
	Service     string    `json:"service"`
	District    string    `json:"district"`
	Status      string    `json:"status"`
	SubmittedAt time.Time `json:"submitted_at"`
	Assignee    *string   `json:"assignee"`
}

type casePage struct {
	Items      []caseRow `json:"items"`
	NextCursor string    `json:"next_cursor"`
	Total      int       `json:"total"`
}

// queryCity opens cases in two districts, accepts and assigns some, and returns their ids by
// name and the position after the last command. "another walk-in" is opened and accepted 60
// days before the others, so its legal clock has run out.
func queryCity(t *testing.T, app *App, clock *testClock) (map[string]string, string) {
	t.Helper()
	clerk3 := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	clerk4 := client{tb: t, base: app.URL(), actor: "clerk:clerk-9@district-4"}
	head := client{tb: t, base: app.URL(), actor: "supervisor:head-1"}
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	ids := map[string]string{}
	var last commandResult
	submit := func(name string, c client, body map[string]any) {
		r := c.post("/v1/cases", body)
		wantStatus(t, r, http.StatusCreated)
		r.json(t, &last)
		ids[name] = last.CaseID
	}
	applicantOf := map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844", "phone": "09141234567"}
	submit("walk-in renewal", clerk3, walkIn)
	submit("online new permit", applicant, map[string]any{"service": "permit.new", "channel": "online", "district": "3", "applicant": applicantOf})
	submit("district 4 renewal", clerk4, map[string]any{"service": "permit.renew", "channel": "walk_in", "district": "4",
		"applicant": map[string]any{"name": "Reza Karimi", "national_id": "0013542419"}})
	clock.Set(-60 * 24 * time.Hour)
	submit("another walk-in", clerk3, map[string]any{"service": "permit.renew", "channel": "walk_in", "district": "3",
		"applicant": map[string]any{"name": "Reza Karimi", "national_id": "0013542419"}})
	wantStatus(t, clerk3.post("/v1/cases/"+ids["another walk-in"]+"/accept", map[string]any{}), http.StatusOK)
	clock.Set(0)
	wantStatus(t, clerk3.post("/v1/cases/"+ids["walk-in renewal"]+"/accept", map[string]any{}), http.StatusOK)
	r := head.post("/v1/cases/"+ids["walk-in renewal"]+"/assign", map[string]any{"assignee": "clerk-3-1", "department": "district-3"})
	wantStatus(t, r, http.StatusOK)
	r.json(t, &last)
	return ids, last.Position
}

func listCases(t *testing.T, c client, query url.Values) casePage {
	t.Helper()
	r := c.get("/v1/cases?" + query.Encode())
	wantStatus(t, r, http.StatusOK)
	var p casePage
	r.json(t, &p)
	return p
}

func idsOf(rows []caseRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func TestCaseQueries(t *testing.T) {
	var clock testClock
	app := MustOpenAppWithClock(t, &clock)
	ids, pos := queryCity(t, app, &clock)
	auditor := client{tb: t, base: app.URL(), actor: "auditor:aud-1"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-3-1"}

	t.Run("the list filters", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			query url.Values
			want  []string
		}{
			{"by district", url.Values{"district": {"4"}}, []string{"district 4 renewal"}},
			{"by service", url.Values{"service": {"permit.new"}}, []string{"online new permit"}},
			{"by status", url.Values{"status": {"in_review"}}, []string{"walk-in renewal", "another walk-in"}},
			{"by several statuses", url.Values{"status": {"submitted,in_review"}}, []string{"walk-in renewal", "online new permit", "district 4 renewal", "another walk-in"}},
			{"by assignee", url.Values{"assignee": {"clerk-3-1"}}, []string{"walk-in renewal"}},
			{"by case number", url.Values{"number": {ids["another walk-in"]}}, []string{"another walk-in"}},
			{"by submission date", url.Values{"submitted_to": {"2000-01-01T00:00:00Z"}}, nil},
			{"by decision date", url.Values{"decided_from": {"2000-01-01T00:00:00Z"}}, nil},
			{"not overdue", url.Values{"overdue": {"false"}, "district": {"4"}}, []string{"district 4 renewal"}},
			{"overdue", url.Values{"overdue": {"true"}}, []string{"another walk-in"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.query.Set("after", pos)
				var want []string
				for _, n := range tc.want {
					want = append(want, ids[n])
				}
				got := idsOf(listCases(t, auditor, tc.query).Items)
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("got %v, want %v (ids %v)", got, want, ids)
				}
			})
		}
	})

	t.Run("pages cover every case once in the sort order", func(t *testing.T) {
		for _, sort := range []string{"-submitted_at", "submitted_at", "due_at", "-decided_at"} {
			var seen []caseRow
			q := url.Values{"limit": {"1"}, "sort": {sort}, "after": {pos}}
			for range 10 {
				p := listCases(t, auditor, q)
				seen = append(seen, p.Items...)
				if p.NextCursor == "" {
					break
				}
				q.Set("cursor", p.NextCursor)
			}
			got := idsOf(seen)
			slices.Sort(got)
			if len(got) != 4 || len(slices.Compact(got)) != 4 {
				t.Fatalf("sort %s: pages gave %v", sort, idsOf(seen))
			}
			if sort == "-submitted_at" && !slices.IsSortedFunc(seen, func(a, b caseRow) int { return b.SubmittedAt.Compare(a.SubmittedAt) }) {
				t.Fatalf("not newest first: %v", seen)
			}
		}
	})

	t.Run("a clerk lists only their department's cases, in full pages", func(t *testing.T) {
		got := idsOf(listCases(t, clerk, url.Values{"after": {pos}}).Items)
		if len(got) != 3 || slices.Contains(got, ids["district 4 renewal"]) {
			t.Fatalf("clerk of district 3 sees %v", got)
		}
		for _, who := range []client{clerk, {tb: t, base: app.URL(), actor: "applicant:3974017844"}} {
			p := listCases(t, who, url.Values{"limit": {"2"}, "sort": {"-submitted_at"}})
			if len(p.Items) != 2 {
				t.Fatalf("%s: a page of 2 holds %v", who.actor, idsOf(p.Items))
			}
		}
	})

	t.Run("bad list parameters are refused", func(t *testing.T) {
		for _, q := range []string{"sort=colour", "limit=0", "limit=501", "overdue=maybe", "submitted_from=yesterday", "cursor=%21%21",
			"cursor=" + listCases(t, auditor, url.Values{"limit": {"1"}}).NextCursor + "&sort=due_at"} {
			wantProblem(t, auditor.get("/v1/cases?"+q), http.StatusBadRequest, "invalid")
		}
	})

	t.Run("my queue holds the cases assigned to me", func(t *testing.T) {
		r := clerk.get("/v1/me/queue?after=" + pos)
		wantStatus(t, r, http.StatusOK)
		var q struct {
			Items []struct {
				CaseID         string `json:"case_id"`
				TrackingNumber string `json:"tracking_number"`
			} `json:"items"`
			Total int `json:"total"`
		}
		r.json(t, &q)
		if q.Total != 1 || len(q.Items) != 1 || q.Items[0].CaseID != ids["walk-in renewal"] {
			t.Fatalf("queue %s", r.body)
		}
		if want := trackingNumberOf(t, clerk, ids["walk-in renewal"], pos); q.Items[0].TrackingNumber != want {
			t.Fatalf("queue %s: want tracking number %s beside the id", r.body, want)
		}
	})

	t.Run("an applicant's cases are the ones filed online and at the counter for them", func(t *testing.T) {
		applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
		r := applicant.get("/v1/me/cases?after=" + pos)
		wantStatus(t, r, http.StatusOK)
		var p casePage
		r.json(t, &p)
		got := idsOf(p.Items)
		slices.Sort(got)
		want := []string{ids["walk-in renewal"], ids["online new permit"]}
		slices.Sort(want)
		if !slices.Equal(got, want) || p.Total != 2 {
			t.Fatalf("my cases %s, want %v", r.body, want)
		}
		stranger := client{tb: t, base: app.URL(), actor: "applicant:0499370899"}
		r = stranger.get("/v1/me/cases?after=" + pos)
		r.json(t, &p)
		if len(p.Items) != 0 || p.Total != 0 {
			t.Fatalf("a stranger sees %s", r.body)
		}
	})
}

func TestCaseTimelineAndPastState(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	head := client{tb: t, base: app.URL(), actor: "supervisor:head-1"}
	var opened commandResult
	r := clerk.post("/v1/cases", walkIn)
	r.json(t, &opened)
	path := "/v1/cases/" + opened.CaseID
	wantStatus(t, clerk.post(path+"/accept", map[string]any{}), http.StatusOK)
	between := time.Now().UTC()
	wantStatus(t, head.post(path+"/cancel", map[string]any{"reason": "duplicate of another file"}), http.StatusOK)

	t.Run("the timeline says who did what, why, and what it did to the status", func(t *testing.T) {
		r := clerk.get(path + "/timeline")
		wantStatus(t, r, http.StatusOK)
		var got struct {
			CaseID         string `json:"case_id"`
			TrackingNumber string `json:"tracking_number"`
			Events         []struct {
				Type         string `json:"type"`
				Actor        struct{ ID, Role string }
				Reason       string `json:"reason"`
				StatusBefore string `json:"status_before"`
				StatusAfter  string `json:"status_after"`
			} `json:"events"`
		}
		r.json(t, &got)
		want := []struct{ typ, actor, reason, before, after string }{
			{"case.Submitted.v1", "clerk-7", "", "", "submitted"},
			{"case.IntakeAccepted.v1", "clerk-7", "", "submitted", "in_review"},
			{"case.Cancelled.v1", "head-1", "duplicate of another file", "in_review", "cancelled"},
		}
		if len(got.Events) != len(want) {
			t.Fatalf("timeline %s", r.body)
		}
		if number := trackingNumberOf(t, clerk, opened.CaseID, opened.Position); got.CaseID != opened.CaseID || got.TrackingNumber != number {
			t.Fatalf("timeline %s: want case %s numbered %s at the top", r.body, opened.CaseID, number)
		}
		for i, w := range want {
			e := got.Events[i]
			if e.Type != w.typ || e.Actor.ID != w.actor || e.Reason != w.reason || e.StatusBefore != w.before || e.StatusAfter != w.after {
				t.Fatalf("event %d = %+v, want %+v", i, e, w)
			}
		}
	})

	t.Run("the state at a past instant is replayed from the store", func(t *testing.T) {
		number := trackingNumberOf(t, clerk, opened.CaseID, opened.Position)
		for _, tc := range []struct {
			asOf     string
			status   string
			revision int
		}{
			{between.Format(time.RFC3339Nano), "in_review", 1},
			{"", "cancelled", 2},
		} {
			r := clerk.get(path + "/state?as_of=" + url.QueryEscape(tc.asOf))
			wantStatus(t, r, http.StatusOK)
			var got struct {
				TrackingNumber string `json:"tracking_number"`
				Status         string `json:"status"`
				Revision       int    `json:"revision"`
			}
			r.json(t, &got)
			if got.Status != tc.status || got.Revision != tc.revision || got.TrackingNumber != number {
				t.Fatalf("as of %q: %s", tc.asOf, r.body)
			}
		}
		wantProblem(t, clerk.get(path+"/state?as_of=2000-01-01T00:00:00Z"), http.StatusNotFound, "not_found")
		wantProblem(t, clerk.get(path+"/state?as_of=last+week"), http.StatusBadRequest, "invalid")
	})

	t.Run("another applicant cannot read the past of a case", func(t *testing.T) {
		stranger := client{tb: t, base: app.URL(), actor: "applicant:0499370899"}
		wantProblem(t, stranger.get(path+"/timeline"), http.StatusNotFound, "not_found")
	})
}

// trackingNumberOf is the number case_summary gives case id once it has projected position
// after; the test fails when the case has none.
func trackingNumberOf(t *testing.T, c client, id, after string) string {
	t.Helper()
	r := c.get("/v1/cases/" + id + "?after=" + url.QueryEscape(after))
	wantStatus(t, r, http.StatusOK)
	var row struct {
		TrackingNumber string `json:"tracking_number"`
	}
	r.json(t, &row)
	if row.TrackingNumber == "" {
		t.Fatalf("case %s has no tracking number: %s", id, r.body)
	}
	return row.TrackingNumber
}

package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// queueItem is a case as a work queue shows it.
type queueItem struct {
	CaseID         string                  `json:"case_id"`
	TrackingNumber string                  `json:"tracking_number"`
	Assignee       string                  `json:"assignee"`
	OnBehalfOf     string                  `json:"on_behalf_of"`
	Revision       uint64                  `json:"revision"`
	StatusText     struct{ Fa, En string } `json:"status_text"`
	Due            struct{ Jalali string }
}

type queuePage struct {
	Items []queueItem `json:"items"`
	Total int         `json:"total"`
}

// queue reads path (a /v1/me/queue query) once the work queue has seen position after.
func queue(t *testing.T, c client, path, after string) queuePage {
	t.Helper()
	var page queuePage
	r := c.get(path + "&after=" + after)
	wantStatus(t, r, http.StatusOK)
	r.json(t, &page)
	return page
}

func caseIDs(items []queueItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.CaseID
	}
	slices.Sort(out)
	return out
}

func sorted(ids ...string) []string { slices.Sort(ids); return ids }

// permitOn is a citizen's online permit application for plot 3/72/sub in district 3.
func permitOn(sub int) map[string]any {
	return map[string]any{"service": "permit.new", "channel": "online", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{sub}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"}}
}

// A counter clerk's morning: a citizen at the desk asks after their cases, found by national
// ID; then the clerk takes the next case from the department's queue, which leaves it for
// theirs, and a colleague working from the same stale list is told it has moved.
func TestClerksDay(t *testing.T) {
	app := MustOpenApp(t)
	as := func(actor string) client { return client{tb: t, base: app.URL(), actor: actor} }
	citizen, clerk, colleague := as("applicant:3974017844"), as("clerk:clerk-3-1"), as("clerk:clerk-3-2")
	first, second := mustSubmit(t, citizen, permitOn(1)), mustSubmit(t, citizen, permitOn(2))
	walkIn := mustSubmit(t, clerk, map[string]any{"service": "permit.renew", "channel": "walk_in", "district": "3",
		"applicant": map[string]any{"name": "علی رضایی", "national_id": "0013542419"}})

	found := idsOf(listCases(t, clerk, url.Values{"national_id": {"۳۹۷۴۰۱۷۸۴۴"}, "after": {walkIn.Position}}).Items)
	if slices.Sort(found); !slices.Equal(found, sorted(first.CaseID, second.CaseID)) {
		t.Fatalf("the citizen's cases by national ID: %v", found)
	}

	department := queue(t, clerk, "/v1/me/queue?scope=department", walkIn.Position)
	if got := caseIDs(department.Items); !slices.Equal(got, sorted(first.CaseID, second.CaseID, walkIn.CaseID)) {
		t.Fatalf("the department's unassigned queue holds %v", got)
	}
	for _, it := range department.Items {
		if it.TrackingNumber == "" || it.StatusText.Fa == "" || it.StatusText.En == "" || it.Due.Jalali == "" {
			t.Fatalf("a queue item without its number, status text or Jalali due date: %+v", it)
		}
	}
	if mine := queue(t, clerk, "/v1/me/queue?scope=mine", walkIn.Position); mine.Total != 0 {
		t.Fatalf("the clerk's own queue before taking a case: %+v", mine)
	}

	next := department.Items[0]
	r := clerk.post("/v1/cases/"+next.CaseID+"/assign", map[string]any{"assignee": "clerk-3-1"},
		"If-Match", strconv.Quote(strconv.FormatUint(next.Revision, 10)))
	wantStatus(t, r, http.StatusOK)
	var taken commandResult
	r.json(t, &taken)

	if got := caseIDs(queue(t, clerk, "/v1/me/queue?scope=department", taken.Position).Items); slices.Contains(got, next.CaseID) || len(got) != 2 {
		t.Fatalf("the department's queue still offers the taken case: %v", got)
	}
	if mine := queue(t, clerk, "/v1/me/queue?scope=mine", taken.Position); len(mine.Items) != 1 || mine.Items[0].CaseID != next.CaseID || mine.Items[0].OnBehalfOf != "" {
		t.Fatalf("the clerk's queue after taking %s: %+v", next.CaseID, mine)
	}
	stale := colleague.post("/v1/cases/"+next.CaseID+"/assign", map[string]any{"assignee": "clerk-3-2"},
		"If-Match", strconv.Quote(strconv.FormatUint(next.Revision, 10)))
	wantProblem(t, stale, http.StatusPreconditionFailed, "precondition_failed")
}

// reassignAnswer is POST /v1/cases/reassign's answer.
type reassignAnswer struct {
	Succeeded, Failed int
	Position          string
	Results           []struct {
		CaseID         string `json:"case_id"`
		TrackingNumber string `json:"tracking_number"`
		Status         int
		Problem        *struct{ Code string }
	}
}

// officialLoad is one row of a department's team view.
type officialLoad struct {
	Official    string
	Open        int
	Overdue     int
	AtRisk      int                        `json:"at_risk"`
	DelegatedTo *struct{ Official string } `json:"delegated_to"`
}

// load reads district 3's team view once the work queue has seen after.
func load(t *testing.T, c client, after string) map[string]officialLoad {
	t.Helper()
	var team struct {
		Officials []officialLoad
		Total     struct{ Open int }
	}
	r := c.get("/v1/departments/" + testDepartment + "/load?after=" + after)
	wantStatus(t, r, http.StatusOK)
	r.json(t, &team)
	out := map[string]officialLoad{}
	for _, o := range team.Officials {
		out[o.Official] = o
	}
	return out
}

// A supervisor's day: clerk-3-1 leaves, so their cases go to clerk-3-2 in bulk (one of the
// list was withdrawn meanwhile and is reported, the others move); then clerk-3-2 goes on
// leave and a clerk of district 4 covers: they see and work clerk-3-2's cases for the period
// and not after.
func TestSupervisorsDay(t *testing.T) {
	var clock testClock
	app := MustOpenAppWithClock(t, &clock)
	as := func(actor string) client { return client{tb: t, base: app.URL(), actor: actor} }
	supervisor, citizen := as("supervisor:supervisor-3"), as("applicant:3974017844")
	delegate := as("clerk:clerk-4-1@district-4")
	var ids []string
	var last commandResult
	for sub := 1; sub <= 4; sub++ {
		id := mustSubmit(t, citizen, permitOn(sub)).CaseID
		r := supervisor.post("/v1/cases/"+id+"/assign", map[string]any{"assignee": "clerk-3-1"})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &last)
		ids = append(ids, id)
	}
	withdrawn := ids[3]
	r := citizen.post("/v1/cases/"+withdrawn+"/withdraw", map[string]any{"reason": "no longer needed"})
	wantStatus(t, r, http.StatusOK)
	r.json(t, &last)

	team := load(t, supervisor, last.Position)
	if team["clerk-3-1"].Open != 3 || team["clerk-3-2"].Open != 0 {
		t.Fatalf("load before the move: %+v", team)
	}

	var moved reassignAnswer
	t.Run("moves a list of cases, reporting the one that cannot move", func(t *testing.T) {
		body := map[string]any{"to": "clerk-3-2", "reason": "clerk-3-1 has left the department",
			"cases": []map[string]any{{"case_id": ids[0]}, {"case_id": ids[1]}, {"case_id": withdrawn}}}
		r := supervisor.post("/v1/cases/reassign", body, "Idempotency-Key", "leaver-1")
		wantStatus(t, r, http.StatusOK)
		r.json(t, &moved)
		if moved.Succeeded != 2 || moved.Failed != 1 || moved.Results[2].CaseID != withdrawn ||
			moved.Results[2].Status != http.StatusUnprocessableEntity || moved.Results[2].Problem.Code != "case.closed" {
			t.Fatalf("reassigned: %s", r.body)
		}
		again := supervisor.post("/v1/cases/reassign", body, "Idempotency-Key", "leaver-1")
		if wantStatus(t, again, http.StatusOK); string(again.body) != string(r.body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("a retry answered %s, not the first answer", again.body)
		}
	})
	t.Run("each moved case records the supervisor and the reason", func(t *testing.T) {
		var history struct {
			Events []struct {
				Type  string
				Actor struct{ ID, Role string }
				Data  json.RawMessage
			}
		}
		supervisor.get("/v1/cases/"+ids[0]+"/history").json(t, &history)
		e := history.Events[len(history.Events)-1]
		var data struct{ Assignee, Reason string }
		if err := json.Unmarshal(e.Data, &data); err != nil || e.Type != "case.Assigned.v1" || e.Actor.ID != "supervisor-3" ||
			e.Actor.Role != "supervisor" || data.Assignee != "clerk-3-2" || data.Reason != "clerk-3-1 has left the department" {
			t.Fatalf("the last event: %+v %s", e, e.Data)
		}
	})
	t.Run("moves every open case left with the leaver", func(t *testing.T) {
		var rest reassignAnswer
		r := supervisor.post("/v1/cases/reassign?after="+moved.Position, map[string]any{"from": "clerk-3-1", "to": "clerk-3-2", "reason": "the rest of clerk-3-1's desk"})
		wantStatus(t, r, http.StatusOK)
		if r.json(t, &rest); rest.Succeeded != 1 || rest.Results[0].CaseID != ids[2] || rest.Results[0].TrackingNumber == "" {
			t.Fatalf("moving clerk-3-1's open cases: %s", r.body)
		}
		team := load(t, supervisor, rest.Position)
		if team["clerk-3-1"].Open != 0 || team["clerk-3-2"].Open != 3 {
			t.Fatalf("load after the move: %+v", team)
		}
		wantProblem(t, supervisor.post("/v1/cases/reassign?after="+rest.Position, map[string]any{"from": "clerk-3-1", "to": "clerk-3-2", "reason": "again"}),
			http.StatusUnprocessableEntity, "reassign.nothing_to_move")
		last.Position = rest.Position
	})

	note := map[string]any{"text": "called the applicant about the deed", "visibility": "internal"}
	t.Run("a delegate of another department works the delegator's cases during the period", func(t *testing.T) {
		wantProblem(t, delegate.post("/v1/cases/"+ids[0]+"/notes", note), http.StatusForbidden, "access.department")
		now := clock.Now()
		r := supervisor.post("/v1/staff/clerk-3-2/delegations", map[string]any{"to": "clerk-4-1", "starts": now,
			"ends": now.Add(3 * 24 * time.Hour), "reason": "annual leave"})
		wantStatus(t, r, http.StatusCreated)
		var recorded struct{ ID, Position string }
		r.json(t, &recorded)
		var listed struct {
			Total int
			Items []struct {
				From, To string
				EndsDate struct{ Jalali string } `json:"ends_date"`
			}
		}
		delegate.get("/v1/delegations?in_force=true&after="+recorded.Position).json(t, &listed)
		if listed.Total != 1 || listed.Items[0].From != "clerk-3-2" || listed.Items[0].To != "clerk-4-1" || listed.Items[0].EndsDate.Jalali == "" {
			t.Fatalf("the delegate's delegations: %+v", listed)
		}
		if team := load(t, supervisor, last.Position); team["clerk-3-2"].DelegatedTo == nil || team["clerk-3-2"].DelegatedTo.Official != "clerk-4-1" {
			t.Fatalf("the team view does not show the leave: %+v", team["clerk-3-2"])
		}
		held := queue(t, delegate, "/v1/me/queue?scope=mine", last.Position)
		if got := caseIDs(held.Items); !slices.Equal(got, sorted(ids[0], ids[1], ids[2])) || held.Items[0].OnBehalfOf != "clerk-3-2" {
			t.Fatalf("the delegate's queue: %+v", held)
		}
		wantStatus(t, delegate.get("/v1/cases/"+ids[0]), http.StatusOK)
		wantStatus(t, delegate.post("/v1/cases/"+ids[0]+"/notes", note), http.StatusOK)
	})
	t.Run("after the period the cases return to the delegator alone", func(t *testing.T) {
		clock.Set(4 * 24 * time.Hour)
		if held := queue(t, delegate, "/v1/me/queue?scope=mine", last.Position); held.Total != 0 {
			t.Fatalf("the delegate's queue after the period: %+v", held)
		}
		wantProblem(t, delegate.post("/v1/cases/"+ids[1]+"/notes", note), http.StatusForbidden, "access.department")
		if mine := queue(t, as("clerk:clerk-3-2"), "/v1/me/queue?scope=mine", last.Position); mine.Total != 3 {
			t.Fatalf("clerk-3-2's queue after the leave: %+v", mine)
		}
	})
	t.Run("one delegate at a time, and a revoked delegation ends at once", func(t *testing.T) {
		now := clock.Now()
		leave := map[string]any{"to": "clerk-4-1", "starts": now, "ends": now.Add(2 * 24 * time.Hour), "reason": "a course"}
		r := as("clerk:clerk-3-2").post("/v1/staff/clerk-3-2/delegations", leave) // an official records their own
		wantStatus(t, r, http.StatusCreated)
		var recorded struct{ ID, Position string }
		r.json(t, &recorded)
		leave["to"] = "clerk-3-3"
		wantProblem(t, supervisor.post("/v1/staff/clerk-3-2/delegations", leave), http.StatusUnprocessableEntity, "delegation.overlaps")
		wantStatus(t, delegate.get("/v1/delegations?in_force=true&after="+recorded.Position), http.StatusOK)
		wantStatus(t, delegate.post("/v1/cases/"+ids[1]+"/notes", note), http.StatusOK)

		r = supervisor.post("/v1/staff/clerk-3-2/delegations/"+recorded.ID+"/revoke", map[string]any{"reason": "the course was cancelled"})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &recorded)
		var listed struct{ Total int }
		delegate.get("/v1/delegations?in_force=true&after="+recorded.Position).json(t, &listed)
		if listed.Total != 0 {
			t.Fatalf("%d delegations still in force after the revocation", listed.Total)
		}
		wantProblem(t, delegate.post("/v1/cases/"+ids[1]+"/notes", note), http.StatusForbidden, "access.department")
		wantProblem(t, supervisor.post("/v1/staff/clerk-3-2/delegations/"+recorded.ID+"/revoke", map[string]any{"reason": "again"}),
			http.StatusUnprocessableEntity, "delegation.already_revoked")
	})
}

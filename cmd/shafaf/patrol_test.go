package main

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestAnInspectorRecordsAViolationFoundOnPatrol is an inspector's patrol: a violation found on
// a plot is recorded in one call (the case opened, the inspection recorded, the inspector
// assigned), its photos follow through the documents path, a second finding on the same plot
// joins the same case, and the case goes on to the notice with no visit booked.
func TestAnInspectorRecordsAViolationFoundOnPatrol(t *testing.T) {
	app := mustOpenDocApp(t)
	inspector := client{tb: t, base: app.URL(), actor: "inspector:inspector-3-1"}
	admin := client{tb: t, base: app.URL(), actor: "admin:admin-1"}
	finding := map[string]any{"service": "viol.art100", "district": "۳", "location": "خیابان امام، روبروی پارک شهر",
		"plot":     map[string]any{"section": 3, "main": []int{72}, "sub": []int{777}},
		"owner":    map[string]any{"name": "سارا احمدی", "national_id": "3974017844"},
		"findings": "two floors built beyond the permit", "measured_area_dm2": 12000}

	// Bad input and a clerk are refused before anything is stored.
	wantFields(t, inspector.post("/v1/patrol-findings", map[string]any{"service": "viol.art100", "district": "3",
		"owner": map[string]any{"name": "x", "national_id": "3974017844"}}), "plot", "location", "findings")
	wantStatus(t, client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}.post("/v1/patrol-findings", finding), http.StatusForbidden)

	r := inspector.post("/v1/patrol-findings", finding)
	wantStatus(t, r, http.StatusCreated)
	var opened commandResult
	r.json(t, &opened)
	if r.header.Get("Location") != "/v1/cases/"+opened.CaseID || opened.Revision != 2 {
		t.Fatalf("opened %s at %q, want the case's three events in one append", r.body, r.header.Get("Location"))
	}

	// The photos follow; the finding is already stored, so a failed upload is only retried.
	photo := scan(t, "jpeg", 2000)
	wantStatus(t, inspector.upload(opened.CaseID, "site_photo", "roof.jpg", photo), http.StatusCreated)

	// A second finding on the same plot joins the open case.
	again := map[string]any{}
	for k, v := range finding {
		again[k] = v
	}
	again["findings"] = "the third floor is now roofed"
	r = inspector.post("/v1/patrol-findings", again, "Idempotency-Key", "second-finding")
	wantStatus(t, r, http.StatusOK)
	var joined commandResult
	r.json(t, &joined)
	if joined.CaseID != opened.CaseID {
		t.Fatalf("the second finding went to case %s, not the plot's open case %s", joined.CaseID, opened.CaseID)
	}

	// The timeline shows the one-step opening by the inspector, the photo and the second finding.
	r = inspector.get("/v1/cases/" + opened.CaseID + "/timeline")
	wantStatus(t, r, http.StatusOK)
	var tl struct {
		TrackingNumber string `json:"tracking_number"`
		Events         []struct {
			Type  string `json:"type"`
			Actor struct {
				ID string `json:"id"`
			} `json:"actor"`
		} `json:"events"`
	}
	r.json(t, &tl)
	var types []string
	for _, e := range tl.Events {
		types = append(types, e.Type)
		if e.Actor.ID != "inspector-3-1" {
			t.Errorf("%s recorded by %s, want the inspector", e.Type, e.Actor.ID)
		}
	}
	// Opening the case held its plot under the catalogue's plot rule; the timeline shows the hold.
	want := []string{"case.Submitted.v1", "plot.HoldPlaced.v1", "case.InspectionRecorded.v1", "case.Assigned.v1", "case.DocumentAttached.v1", "case.InspectionRecorded.v1"}
	if !slices.Equal(types, want) || tl.TrackingNumber == "" {
		t.Fatalf("timeline %v (number %q), want %v", types, tl.TrackingNumber, want)
	}

	// The case is in the inspector's work queue.
	r = inspector.get("/v1/me/queue?after=" + joined.Position)
	wantStatus(t, r, http.StatusOK)
	var q struct{ Items []queueItem }
	r.json(t, &q)
	if !slices.ContainsFunc(q.Items, func(it queueItem) bool { return it.CaseID == opened.CaseID && it.Assignee == "inspector-3-1" }) {
		t.Fatalf("queue %s lacks the case", r.body)
	}

	// With no visit booked, the notice is the next step.
	r = admin.post("/v1/cases/"+opened.CaseID+"/serve-notice", map[string]any{"served_on": time.Now()})
	wantStatus(t, r, http.StatusOK)
}

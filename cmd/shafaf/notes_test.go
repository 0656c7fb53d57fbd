package main

import (
	"net/http"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// Applicants read their own history and timeline, but not the office's internal notes.
func TestInternalNotesStayWithStaff(t *testing.T) {
	app := MustOpenApp(t)
	svc, _ := catalogue.Default().Service("permit.new")
	l := newLifecycle(t, app, svc)
	l.submit(2)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	wantStatus(t, clerk.post("/v1/cases/"+l.id+"/notes", map[string]any{"text": "owner sounded unsure of the deed", "visibility": "internal"}), http.StatusOK)
	wantStatus(t, clerk.post("/v1/cases/"+l.id+"/notes", map[string]any{"text": "please bring the original deed", "visibility": "applicant"}), http.StatusOK)

	notes := func(who client, path string) []string {
		t.Helper()
		var body struct {
			Events []struct {
				Type string `json:"type"`
				Data struct {
					Text string `json:"text"`
				} `json:"data"`
			} `json:"events"`
		}
		r := who.get("/v1/cases/" + l.id + path)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &body)
		var texts []string
		for _, e := range body.Events {
			if e.Type == "case.NoteAdded.v1" {
				texts = append(texts, e.Data.Text)
			}
		}
		return texts
	}
	if got := notes(clerk, "/history"); len(got) != 2 {
		t.Fatalf("the clerk sees notes %q, want both", got)
	}
	if got := notes(l.applicant, "/history"); len(got) != 1 || got[0] != "please bring the original deed" {
		t.Fatalf("the applicant sees notes %q, want only the one addressed to them", got)
	}
	var timeline struct {
		Events []struct {
			Type string `json:"type"`
		} `json:"events"`
	}
	r := l.applicant.get("/v1/cases/" + l.id + "/timeline")
	wantStatus(t, r, http.StatusOK)
	r.json(t, &timeline)
	count := 0
	for _, e := range timeline.Events {
		if e.Type == "case.NoteAdded.v1" {
			count++
		}
	}
	if count != 1 {
		t.Fatalf("the applicant's timeline shows %d notes, want 1: %s", count, r.body)
	}
}

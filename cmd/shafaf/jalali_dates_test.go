package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// Clerks type the dates they use: a Jalali day in any digits is taken as that day's start in
// Tehran and stored as a UTC instant; a day the calendar does not have is refused, not rolled.
func TestCommandsTakeJalaliDates(t *testing.T) {
	app := MustOpenApp(t)
	svc, _ := catalogue.Default().Service("permit.new")
	l := newLifecycle(t, app, svc)
	l.submit(1)
	l.do("accept", map[string]any{})

	r := l.staff.post("/v1/cases/"+l.id+"/schedule-inspection", map[string]any{"inspector": "insp-1", "on": "1404/12/30"})
	wantProblem(t, r, http.StatusBadRequest, "invalid")
	if !strings.Contains(string(r.body), "1404/12/30") {
		t.Fatalf("the refusal does not name the date: %s", r.body)
	}

	l.do("schedule-inspection", map[string]any{"inspector": "insp-1", "on": "۱۴۰۵/۰۹/۱۰"})
	var h struct {
		Events []struct {
			Type string `json:"type"`
			Data struct {
				On string `json:"on"`
			} `json:"data"`
		} `json:"events"`
	}
	hr := l.staff.get("/v1/cases/" + l.id + "/history")
	wantStatus(t, hr, http.StatusOK)
	hr.json(t, &h)
	last := h.Events[len(h.Events)-1]
	if last.Type != "case.InspectionScheduled.v1" || last.Data.On != "2026-11-30T20:30:00Z" {
		t.Fatalf("scheduled %+v, want 1405/09/10 00:00 Tehran = 2026-11-30T20:30:00Z", last)
	}
}

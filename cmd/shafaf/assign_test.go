package main

import (
	"net/http"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// A case is assigned only to a department the city has and to staff on its roster; anything
// else is refused by name and the case stays where its staff can see it.
func TestAssignmentRefusesUnknownDepartmentsAndStaff(t *testing.T) {
	t.Parallel()
	app := MustOpenApp(t)
	svc, _ := catalogue.Default().Service("permit.renew")
	l := newLifecycle(t, app, svc)
	l.submit(9100)
	supervisor := client{tb: t, base: app.URL(), actor: "supervisor:supervisor-3"}
	for _, tt := range []struct {
		name string
		body map[string]any
		rule string
	}{
		{"a department the city does not have", map[string]any{"department": "district-99"}, "assignment.unknown_department"},
		{"someone not on the staff roster", map[string]any{"assignee": "clerk-99-1"}, "assignment.unknown_assignee"},
		{"a clerk of another district", map[string]any{"assignee": "clerk-4-1", "department": "district-3"}, "assignment.other_department"},
	} {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			wantProblem(t, supervisor.post("/v1/cases/"+l.id+"/assign", tt.body), http.StatusUnprocessableEntity, tt.rule)
		})
	}
	r := supervisor.post("/v1/cases/"+l.id+"/assign", map[string]any{"assignee": "clerk-3-2"})
	wantStatus(t, r, http.StatusOK)
	var assigned commandResult
	r.json(t, &assigned)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-3-2"}
	wantStatus(t, clerk.get("/v1/cases/"+l.id+"?after="+assigned.Position), http.StatusOK)
}

package main

import (
	"net/http"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Every event records who acted (the token's subject), in which role (the least privileged of
// the token's roles that the policy let through), and the request and correlation ids.
func TestEventsRecordTheAuthenticatedActor(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	both := "Bearer " + mustSignTest(t, jwt.SigningMethodHS256, clerkClaims(func(c jwt.MapClaims) {
		c["sub"], c["roles"] = "head-3", []string{"supervisor", "clerk"}
	}))
	anon := client{tb: t, base: app.URL()}

	var submitted commandResult
	r := clerk.post("/v1/cases", walkIn, "X-Request-ID", "req-submit", "X-Correlation-ID", "corr-walk-in")
	wantStatus(t, r, http.StatusCreated)
	r.json(t, &submitted)
	wantStatus(t, anon.post("/v1/cases/"+submitted.CaseID+"/accept", map[string]any{},
		"Authorization", both, "X-Request-ID", "req-accept", "X-Correlation-ID", "corr-walk-in"), http.StatusOK)
	r = anon.post("/v1/cases/"+submitted.CaseID+"/decision", approval, "Authorization", both, "X-Request-ID", "req-decide")
	wantStatus(t, r, http.StatusOK)
	minted := r.header.Get("X-Correlation-ID") // none sent: the server made one and said which

	recs, err := app.store.ReadStream(t.Context(), cases.StreamName(uuid.MustParse(submitted.CaseID)), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ actor, role, request, correlation string }{
		{"clerk-7", "clerk", "req-submit", "corr-walk-in"},
		{"head-3", "clerk", "req-accept", "corr-walk-in"}, // a clerk may accept: the lesser role is recorded
		{"head-3", "supervisor", "req-decide", minted},    // only the supervisor may decide
	}
	if len(recs) != len(want) || minted == "" {
		t.Fatalf("%d events, want %d", len(recs), len(want))
	}
	for i, w := range want {
		m := recs[i].Metadata
		if m.ActorID != w.actor || m.ActorRole != w.role || m.RequestID != w.request || m.CorrelationID != w.correlation {
			t.Errorf("event %d (%s) metadata %+v, want %+v", i, recs[i].Type, m, w)
		}
	}
}

// reasonEndpoints are the routes of the commands that override the normal flow.
var reasonEndpoints = map[access.Action]string{
	access.WaiveFee: "waive-fee", access.Revoke: "revoke", access.Cancel: "cancel", access.Reopen: "reopen",
	access.ExtendDeadline: "extend-deadline", access.PlaceHold: "hold", access.CloseCase: "close",
}

// Override commands without a reason are bad input, whoever sends them and whatever the case.
func TestOverrideCommandsRequireAReason(t *testing.T) {
	app := MustOpenApp(t)
	admin := client{tb: t, base: app.URL(), actor: "admin:admin-1"}
	id := mustSubmit(t, admin, permitSubmission).CaseID
	for _, action := range access.Actions() {
		if !access.RequiresReason(action) {
			continue
		}
		route, ok := reasonEndpoints[action]
		if !ok {
			t.Errorf("override %s has no endpoint in this test", action)
			continue
		}
		t.Run(route, func(t *testing.T) {
			body := map[string]any{"reason": "  "}
			if action == access.ExtendDeadline {
				body["days"] = 3
			}
			r := admin.post("/v1/cases/"+id+"/"+route, body)
			wantProblem(t, r, http.StatusBadRequest, "invalid")
			var p struct{ Errors []struct{ Field string } }
			if r.json(t, &p); len(p.Errors) == 0 || p.Errors[0].Field != "reason" {
				t.Fatalf("errors %s, want one on reason", r.body)
			}
		})
	}
}

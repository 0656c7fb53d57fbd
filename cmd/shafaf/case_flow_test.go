package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// walkIn asks for a permit renewal: intake then decision, with no inspection in between.
var walkIn = map[string]any{
	"service": "permit.renew", "channel": "walk_in", "district": "3",
	"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844", "phone": "09141234567"},
}

type commandResult struct {
	CaseID   string   `json:"case_id"`
	Revision uint64   `json:"revision"`
	Position string   `json:"position"`
	Events   []string `json:"events"`
}

// The same flow must look the same on either event store.
func TestSubmitAcceptDecideOverHTTP(t *testing.T) {
	t.Run("on the PostgreSQL store", func(t *testing.T) { testSubmitAcceptDecide(t, MustOpenApp(t)) })
	t.Run("on EventStoreDB", func(t *testing.T) { testSubmitAcceptDecide(t, MustOpenApp(t, esdbtest.Start(t).URL())) })
}

func testSubmitAcceptDecide(t *testing.T, app *App) {
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	head := client{tb: t, base: app.URL(), actor: "supervisor:head-1"}

	var submitted commandResult
	r := clerk.post("/v1/cases", walkIn)
	wantStatus(t, r, http.StatusCreated)
	r.json(t, &submitted)
	if r.header.Get("Location") != "/v1/cases/"+submitted.CaseID || r.header.Get("ETag") != `"0"` {
		t.Fatalf("headers %v", r.header)
	}
	wantStatus(t, clerk.post("/v1/cases/"+submitted.CaseID+"/accept", map[string]any{"note": "file complete"}, "If-Match", `"0"`), http.StatusOK)

	var decided commandResult
	r = head.post("/v1/cases/"+submitted.CaseID+"/decision", map[string]any{
		"outcome": "approve", "reasons": []string{"complies with the detailed plan"}, "legal_basis": "Art. 55(24)"})
	wantStatus(t, r, http.StatusOK)
	r.json(t, &decided)
	if decided.Revision != 2 || len(decided.Events) != 1 || decided.Events[0] != "case.Decided.v1" {
		t.Fatalf("decision result %+v", decided)
	}

	t.Run("the read model shows the decision after its position", func(t *testing.T) {
		var got struct {
			Status   string   `json:"status"`
			Outcome  string   `json:"outcome"`
			Reasons  []string `json:"reasons"`
			Revision uint64   `json:"revision"`
		}
		r := clerk.get("/v1/cases/" + submitted.CaseID + "?after=" + decided.Position)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &got)
		if got.Status != "approved" || got.Outcome != "approve" || got.Revision != 2 || len(got.Reasons) != 1 {
			t.Fatalf("case %s", r.body)
		}
	})

	t.Run("the history lists three events with actor and time", func(t *testing.T) {
		var got struct {
			Events []struct {
				Type  string `json:"type"`
				Time  string `json:"time"`
				Actor struct{ ID, Role string }
			} `json:"events"`
		}
		r := clerk.get("/v1/cases/" + submitted.CaseID + "/history")
		wantStatus(t, r, http.StatusOK)
		r.json(t, &got)
		want := []struct{ typ, actor, role string }{
			{"case.Submitted.v1", "clerk-7", "clerk"}, {"case.IntakeAccepted.v1", "clerk-7", "clerk"},
			{"case.Decided.v1", "head-1", "supervisor"},
		}
		if len(got.Events) != len(want) {
			t.Fatalf("history %s", r.body)
		}
		for i, w := range want {
			e := got.Events[i]
			if e.Type != w.typ || e.Actor.ID != w.actor || e.Actor.Role != w.role || e.Time == "" {
				t.Fatalf("event %d = %+v, want %+v", i, e, w)
			}
		}
	})

	t.Run("a second decision is refused naming the rule", func(t *testing.T) {
		r := head.post("/v1/cases/"+submitted.CaseID+"/decision", map[string]any{"outcome": "reject", "reasons": []string{"x"}})
		wantProblem(t, r, http.StatusUnprocessableEntity, "decision.requires_review")
	})

	t.Run("a stale If-Match is refused", func(t *testing.T) {
		r := clerk.post("/v1/cases/"+submitted.CaseID+"/accept", map[string]any{}, "If-Match", `"0"`)
		wantProblem(t, r, http.StatusPreconditionFailed, "precondition_failed")
	})
}

func TestBadInputIsRefusedAndAppendsNothing(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	tests := []struct {
		name   string
		send   func() response
		status int
		code   string
	}{
		{"unknown field", func() response {
			return clerk.do(http.MethodPost, "/v1/cases", "application/json", []byte(`{"service":"permit.new","colour":"red"}`))
		}, http.StatusBadRequest, "invalid"},
		{"malformed JSON", func() response {
			return clerk.do(http.MethodPost, "/v1/cases", "application/json", []byte(`{"service":`))
		}, http.StatusBadRequest, "invalid"},
		{"two JSON values", func() response {
			return clerk.do(http.MethodPost, "/v1/cases", "application/json", []byte(`{} {}`))
		}, http.StatusBadRequest, "invalid"},
		{"body over 1 MiB", func() response {
			big := `{"service":"permit.new","description":"` + strings.Repeat("x", 1<<20) + `"}`
			return clerk.do(http.MethodPost, "/v1/cases", "application/json", []byte(big))
		}, http.StatusRequestEntityTooLarge, "payload_too_large"},
		{"wrong content type", func() response {
			return clerk.do(http.MethodPost, "/v1/cases", "text/plain", []byte(`{}`))
		}, http.StatusUnsupportedMediaType, "unsupported_media_type"},
		{"missing fields", func() response { return clerk.post("/v1/cases", map[string]any{"channel": "online"}) }, http.StatusBadRequest, "invalid"},
		{"unknown service", func() response {
			return clerk.post("/v1/cases", map[string]any{"service": "permit.moon", "channel": "online", "district": "1",
				"applicant": map[string]any{"name": "A", "national_id": "3974017844"}})
		}, http.StatusBadRequest, "invalid"},
		{"no token", func() response {
			return client{tb: t, base: app.URL()}.post("/v1/cases", walkIn)
		}, http.StatusUnauthorized, "token_missing"},
		{"accept an unknown case", func() response {
			return clerk.post("/v1/cases/6f1c7a1e-8a8e-4f3e-9d0b-1c2d3e4f5a6b/accept", map[string]any{})
		}, http.StatusNotFound, "not_found"}, // as another applicant's case would: existence is not told
		{"a case id that is not a uuid", func() response { return clerk.get("/v1/cases/not-a-uuid") }, http.StatusNotFound, "not_found"},
		{"an unknown route", func() response { return clerk.get("/v1/nothing") }, http.StatusNotFound, "not_found"},
		{"a wrong method", func() response { return clerk.do(http.MethodDelete, "/v1/cases", "", nil) }, http.StatusMethodNotAllowed, "method_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, tt.send(), tt.status, tt.code)
		})
	}
	head, err := app.store.Head(t.Context())
	if err != nil || !head.IsZero() {
		t.Fatalf("the store moved to %v (%v): bad input appended something", head, err)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	app := MustOpenApp(t)
	c := client{tb: t, base: app.URL()}
	wantStatus(t, c.get("/healthz"), http.StatusOK)
	wantStatus(t, c.get("/readyz"), http.StatusOK)
}

package main

import (
	"net/http"
	"testing"
)

// TestPrioritiseWalk is the event walk of docs/architecture.md: a new event with its endpoint
// and a queue column.
func TestPrioritiseWalk(t *testing.T) {
	var clock testClock
	app := MustOpenAppWithClock(t, &clock)
	ids, _ := queryCity(t, app, &clock)
	head := client{tb: t, base: app.URL(), actor: "supervisor:head-1"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	r := head.post("/v1/cases/"+ids["walk-in renewal"]+"/prioritise", map[string]any{"reason": "the owner is in hospital"})
	wantStatus(t, r, http.StatusOK)
	var res commandResult
	r.json(t, &res)
	r = clerk.get("/v1/me/queue?after=" + res.Position)
	wantStatus(t, r, http.StatusOK)
	var q struct {
		Items []struct {
			Urgent bool `json:"urgent"`
		} `json:"items"`
	}
	r.json(t, &q)
	if len(q.Items) != 1 || !q.Items[0].Urgent {
		t.Fatalf("queue %s", r.body)
	}
	wantStatus(t, clerk.post("/v1/cases/"+ids["walk-in renewal"]+"/prioritise", map[string]any{"reason": "x"}), http.StatusForbidden)
}

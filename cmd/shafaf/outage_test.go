package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
)

// A database that drops connections or is down answers 503 with Retry-After, which clients
// retry, never a 500, which they give up on; and a retried command still runs exactly once.
func TestDatabaseOutageAnswers503(t *testing.T) {
	ctx := context.Background()
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cluster.Stop() })
	if err := cluster.CreateDatabase(ctx, "shafaf"); err != nil {
		t.Fatal(err)
	}
	app := mustOpenAppOn(t, cluster.DSN("shafaf"))
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	var opened commandResult
	clerk.post("/v1/cases", walkIn).json(t, &opened)

	t.Run("after its backends are terminated a command is answered 503 until it runs once", func(t *testing.T) {
		mustExec(t, app, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid()`)
		submitted := untilNot503(t, func() response { return clerk.post("/v1/cases", walkIn, "Idempotency-Key", "terminated") })
		wantStatus(t, submitted, http.StatusCreated)
		var res commandResult
		submitted.json(t, &res)
		history := untilNot503(t, func() response { return clerk.get("/v1/cases/" + res.CaseID + "/history") })
		wantStatus(t, history, http.StatusOK)
		var h struct{ Events []any }
		history.json(t, &h)
		if len(h.Events) != 1 {
			t.Fatalf("%d events, want 1: %s", len(h.Events), history.body)
		}
	})

	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	note := map[string]any{"text": "n", "visibility": "internal"}
	for _, tc := range []struct {
		name string
		send func() response
	}{
		{"a submission with Idempotency-Key", func() response { return clerk.post("/v1/cases", walkIn, "Idempotency-Key", "down-1") }},
		{"a submission without one", func() response { return clerk.post("/v1/cases", walkIn) }},
		{"a note with Idempotency-Key", func() response {
			return clerk.post("/v1/cases/"+opened.CaseID+"/notes", note, "Idempotency-Key", "down-2")
		}},
		{"a read model query", func() response { return clerk.get("/v1/cases/" + opened.CaseID) }},
		{"a case's history", func() response { return clerk.get("/v1/cases/" + opened.CaseID + "/history") }},
	} {
		t.Run("with PostgreSQL stopped "+tc.name+" answers 503", func(t *testing.T) {
			want503(t, tc.send())
		})
	}
}

func want503(tb testing.TB, r response) {
	tb.Helper()
	wantProblem(tb, r, http.StatusServiceUnavailable, "unavailable")
	if r.header.Get("Retry-After") == "" {
		tb.Fatal("503 without Retry-After")
	}
}

// untilNot503 sends until the answer is no 503, each of which must carry Retry-After; a few
// attempts are enough once the pool has replaced its terminated connections.
func untilNot503(tb testing.TB, send func() response) response {
	tb.Helper()
	for range 5 {
		r := send()
		if r.status != http.StatusServiceUnavailable {
			return r
		}
		want503(tb, r)
	}
	tb.Fatal("still 503 after 5 attempts")
	return response{}
}

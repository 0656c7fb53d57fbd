package main

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// A service that dies after a command's events are stored but before its answer is kept for
// replays: after a restart, the retry with the same key answers what the first attempt did
// and no event is written twice.
func TestIdempotencyKeyAcrossACrash(t *testing.T) {
	t.Run("on the PostgreSQL store", func(t *testing.T) { testIdempotencyAcrossACrash(t) })
	t.Run("on EventStoreDB", func(t *testing.T) { testIdempotencyAcrossACrash(t, esdbtest.Start(t).URL()) })
}

func testIdempotencyAcrossACrash(t *testing.T, eventStoreURL ...string) {
	dsn := pgtest.NewDatabase(t)
	crashing := mustOpenAppOn(t, dsn, eventStoreURL...)
	clerk := client{tb: t, base: crashing.URL(), actor: "clerk:clerk-7"}
	var existing commandResult
	clerk.post("/v1/cases", walkIn).json(t, &existing)
	notes := "/v1/cases/" + existing.CaseID + "/notes"
	applicant := client{tb: t, base: crashing.URL(), actor: "applicant:3974017844"}
	documents := "/v1/cases/" + mustSubmitPermit(t, applicant) + "/documents"
	deedType, deed := form(t, "deed", "deed.pdf", scan(t, "pdf", 100)) // a retry resends the same bytes

	// The crash: the database refuses to mark keys done, then the service is gone.
	mustExec(t, crashing, `ALTER TABLE idempotency_keys ADD CONSTRAINT crash_before_complete CHECK (NOT done) NOT VALID`)
	submitted := clerk.post("/v1/cases", walkIn, "Idempotency-Key", "crash-submit")
	wantStatus(t, submitted, http.StatusCreated)
	noted := clerk.post(notes, map[string]any{"text": "called the applicant", "visibility": "internal"},
		"Idempotency-Key", "crash-note", "If-Match", `"0"`)
	wantStatus(t, noted, http.StatusOK)
	uploaded := applicant.do(http.MethodPost, documents, deedType, deed, "Idempotency-Key", "crash-upload")
	wantStatus(t, uploaded, http.StatusCreated)
	crashing.Close()

	restarted := mustOpenAppOn(t, dsn, eventStoreURL...)
	mustExec(t, restarted, `ALTER TABLE idempotency_keys DROP CONSTRAINT crash_before_complete`)
	clerk.base, applicant.base = restarted.URL(), restarted.URL()
	// The case moves on before the note's retry, whose If-Match is stale by now.
	wantStatus(t, clerk.post(notes, map[string]any{"text": "a later note", "visibility": "internal"}), http.StatusOK)

	t.Run("a retried submission answers the case it opened", func(t *testing.T) {
		again := clerk.post("/v1/cases", walkIn, "Idempotency-Key", "crash-submit")
		wantSameAnswer(t, submitted, again)
		var opened commandResult
		again.json(t, &opened)
		wantHistoryLen(t, clerk, opened.CaseID, 1)
		wantReplay(t, again, clerk.post("/v1/cases", walkIn, "Idempotency-Key", "crash-submit"))
	})
	t.Run("a retried note answers its first result and is not written twice", func(t *testing.T) {
		again := clerk.post(notes, map[string]any{"text": "called the applicant", "visibility": "internal"},
			"Idempotency-Key", "crash-note", "If-Match", `"0"`)
		wantSameAnswer(t, noted, again)
		wantHistoryLen(t, clerk, existing.CaseID, 3) // submitted, the note, the later note
	})
	t.Run("a retried upload answers the document it attached", func(t *testing.T) {
		wantSameAnswer(t, uploaded, applicant.do(http.MethodPost, documents, deedType, deed, "Idempotency-Key", "crash-upload"))
	})
}

// wantSameAnswer: a rerun answers as the first attempt did, though it is no stored replay.
func wantSameAnswer(tb testing.TB, first, again response) {
	tb.Helper()
	wantStatus(tb, again, first.status)
	if again.header.Get("Idempotent-Replayed") != "" {
		tb.Fatal("a replay: the crash left the key completed")
	}
	if string(again.body) != string(first.body) {
		tb.Fatalf("rerun answered %s, first %s", again.body, first.body)
	}
	for _, h := range []string{"ETag", "Location"} {
		if again.header.Get(h) != first.header.Get(h) {
			tb.Fatalf("rerun %s = %q, first %q", h, again.header.Get(h), first.header.Get(h))
		}
	}
}

func wantHistoryLen(tb testing.TB, c client, caseID string, n int) {
	tb.Helper()
	var h struct{ Events []any }
	r := c.get("/v1/cases/" + caseID + "/history")
	wantStatus(tb, r, http.StatusOK)
	r.json(tb, &h)
	if len(h.Events) != n {
		tb.Fatalf("history has %d events, want %d: %s", len(h.Events), n, r.body)
	}
}

func mustExec(tb testing.TB, app *App, sql string) {
	tb.Helper()
	if _, err := app.pool.Exec(context.Background(), sql); err != nil {
		tb.Fatal(err)
	}
}

// Duplicates sent to two replicas at once: one runs, the other waits for its answer or is
// told it is in progress; never a second case.
func TestIdempotencyKeyAcrossReplicas(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	replicas := []*App{mustOpenAppOn(t, dsn), mustOpenAppOn(t, dsn)}
	const n = 8
	responses := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		clerk := client{tb: t, base: replicas[i%2].URL(), actor: "clerk:clerk-7"}
		wg.Go(func() { responses[i] = clerk.post("/v1/cases", walkIn, "Idempotency-Key", "replicas-1") })
	}
	wg.Wait()
	cases := map[string]bool{}
	for _, r := range responses {
		if r.status == http.StatusConflict {
			wantProblem(t, r, http.StatusConflict, "idempotency_in_progress")
			continue
		}
		wantStatus(t, r, http.StatusCreated)
		cases[r.header.Get("Location")] = true
	}
	if len(cases) != 1 {
		t.Fatalf("%d cases opened by one key: %v", len(cases), cases)
	}
}

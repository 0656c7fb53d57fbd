package main

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

// mustHead is the store's last position: equal before and after means nothing was appended.
func mustHead(tb testing.TB, app *App) eventstore.Position {
	tb.Helper()
	pos, err := app.store.Head(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return pos
}

func wantReplay(tb testing.TB, first, again response) {
	tb.Helper()
	if again.status != first.status || !bytes.Equal(again.body, first.body) {
		tb.Fatalf("replay %d %s, first %d %s", again.status, again.body, first.status, first.body)
	}
	for _, h := range []string{"ETag", "Location", "Content-Type"} {
		if again.header.Get(h) != first.header.Get(h) {
			tb.Fatalf("replayed %s = %q, first %q", h, again.header.Get(h), first.header.Get(h))
		}
	}
	if again.header.Get("Idempotent-Replayed") != "true" || first.header.Get("Idempotent-Replayed") != "" {
		tb.Fatalf("Idempotent-Replayed: first %q, again %q", first.header.Get("Idempotent-Replayed"), again.header.Get("Idempotent-Replayed"))
	}
}

func TestIdempotencyKey(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	other := client{tb: t, base: app.URL(), actor: "clerk:clerk-8"}

	first := clerk.post("/v1/cases", walkIn, "Idempotency-Key", "submit-1")
	wantStatus(t, first, http.StatusCreated)
	var opened commandResult
	first.json(t, &opened)

	t.Run("a retried submission answers the first response and opens no second case", func(t *testing.T) {
		head := mustHead(t, app)
		again := clerk.post("/v1/cases", walkIn, "Idempotency-Key", "submit-1")
		wantReplay(t, first, again)
		if mustHead(t, app) != head {
			t.Fatal("the retry appended events")
		}
	})

	t.Run("a retried command on a case appends nothing", func(t *testing.T) {
		path := "/v1/cases/" + opened.CaseID + "/accept"
		accepted := clerk.post(path, map[string]any{"note": "complete"}, "Idempotency-Key", "accept-1", "If-Match", `"0"`)
		wantStatus(t, accepted, http.StatusOK)
		head := mustHead(t, app)
		// The retry would be refused as stale (412) if it ran again: it must not run.
		wantReplay(t, accepted, clerk.post(path, map[string]any{"note": "complete"}, "Idempotency-Key", "accept-1", "If-Match", `"0"`))
		if mustHead(t, app) != head {
			t.Fatal("the retry appended events")
		}
	})

	t.Run("the same key with another body is refused", func(t *testing.T) {
		changed := map[string]any{"service": "permit.renew", "channel": "walk_in", "district": "4",
			"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"}}
		head := mustHead(t, app)
		wantProblem(t, clerk.post("/v1/cases", changed, "Idempotency-Key", "submit-1"), http.StatusUnprocessableEntity, "idempotency_key_reused")
		wantProblem(t, clerk.post("/v1/cases/"+opened.CaseID+"/notes", map[string]any{"text": "x", "visibility": "internal"},
			"Idempotency-Key", "submit-1"), http.StatusUnprocessableEntity, "idempotency_key_reused")
		if mustHead(t, app) != head {
			t.Fatal("a refused reuse appended events")
		}
	})

	t.Run("keys belong to one caller", func(t *testing.T) {
		r := other.post("/v1/cases", walkIn, "Idempotency-Key", "submit-1")
		wantStatus(t, r, http.StatusCreated)
		if r.header.Get("Idempotent-Replayed") != "" || r.header.Get("Location") == first.header.Get("Location") {
			t.Fatalf("another caller's key was replayed: %v", r.header)
		}
	})

	t.Run("a refused command is replayed as refused", func(t *testing.T) {
		bad := map[string]any{"outcome": "approve", "reasons": []string{"ok"}}
		path := "/v1/cases/" + opened.CaseID + "/decision"
		refused := clerk.post(path, bad, "Idempotency-Key", "decide-1")
		if refused.status < 400 || refused.status >= 500 {
			t.Fatalf("decision by a clerk before review: %d %s", refused.status, refused.body)
		}
		wantReplay(t, refused, clerk.post(path, bad, "Idempotency-Key", "decide-1"))
	})

	t.Run("a key longer than 255 characters is refused", func(t *testing.T) {
		wantProblem(t, clerk.post("/v1/cases", walkIn, "Idempotency-Key", string(bytes.Repeat([]byte("k"), 256))), http.StatusBadRequest, "invalid")
	})
}

// Concurrent duplicates: exactly one runs; the others replay its answer or, if it is still
// running after their wait, are told so with 409.
func TestIdempotencyKeyUnderConcurrentDuplicates(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	before := mustHead(t, app)
	const n = 8
	responses := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { responses[i] = clerk.post("/v1/cases", walkIn, "Idempotency-Key", "race-1") })
	}
	wg.Wait()
	locations := map[string]bool{}
	for _, r := range responses {
		switch r.status {
		case http.StatusCreated:
			locations[r.header.Get("Location")] = true
		case http.StatusConflict:
			wantProblem(t, r, http.StatusConflict, "idempotency_in_progress")
			if r.header.Get("Retry-After") == "" {
				t.Fatal("409 without Retry-After")
			}
		default:
			t.Fatalf("status %d: %s", r.status, r.body)
		}
	}
	if len(locations) != 1 {
		t.Fatalf("%d cases opened by one key: %v", len(locations), locations)
	}
	history := clerk.get(firstKey(locations) + "/history")
	var h struct{ Events []any }
	history.json(t, &h)
	if len(h.Events) != 1 || mustHead(t, app) == before {
		t.Fatalf("history %s", history.body)
	}
}

func firstKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}

func TestETagFollowsTheRevision(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	var opened commandResult
	r := clerk.post("/v1/cases", walkIn)
	r.json(t, &opened)
	path := "/v1/cases/" + opened.CaseID

	accepted := clerk.post(path+"/accept", map[string]any{}, "If-Match", r.header.Get("ETag"))
	wantStatus(t, accepted, http.StatusOK)
	var res commandResult
	accepted.json(t, &res)
	got := clerk.get(path + "?after=" + res.Position)
	wantStatus(t, got, http.StatusOK)
	if got.header.Get("ETag") != `"1"` || accepted.header.Get("ETag") != `"1"` {
		t.Fatalf("ETag after accept: command %q, query %q", accepted.header.Get("ETag"), got.header.Get("ETag"))
	}
	for _, tc := range []struct {
		name, ifMatch string
		status        int
		code          string
	}{
		{"an older ETag is stale", `"0"`, http.StatusPreconditionFailed, "precondition_failed"},
		{"a future ETag is stale", `"7"`, http.StatusPreconditionFailed, "precondition_failed"},
		{"a malformed ETag is bad input", `W/"x"`, http.StatusBadRequest, "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantProblem(t, clerk.post(path+"/notes", map[string]any{"text": "n", "visibility": "internal"}, "If-Match", tc.ifMatch), tc.status, tc.code)
		})
	}
	t.Run("the current ETag lets the change through", func(t *testing.T) {
		wantStatus(t, clerk.post(path+"/notes", map[string]any{"text": "n", "visibility": "internal"}, "If-Match", got.header.Get("ETag")), http.StatusOK)
	})
}

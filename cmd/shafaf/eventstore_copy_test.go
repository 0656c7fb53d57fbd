package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/tracking"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// A city moving from the embedded store to EventStoreDB: copy, rerun the copy, then serve from
// EventStoreDB and find the case and its history as they were.
func TestEventstoreCopyMovesACityToEventStoreDB(t *testing.T) {
	ctx := context.Background()
	pgDSN := pgtest.NewDatabase(t)
	before, err := openApp(ctx, testAppConfig(pgDSN))
	if err != nil {
		t.Fatal(err)
	}
	clerk := client{tb: t, base: before.URL(), actor: "clerk:clerk-7"}
	var submitted commandResult
	r := clerk.post("/v1/cases", walkIn)
	wantStatus(t, r, http.StatusCreated)
	r.json(t, &submitted)
	wantStatus(t, clerk.post("/v1/cases/"+submitted.CaseID+"/accept", map[string]any{}), http.StatusOK)
	historyBefore := clerk.get("/v1/cases/" + submitted.CaseID + "/history")
	before.Close()

	esdbURL := esdbtest.Start(t).URL()
	// the case's two events and its tracking number's one on the counter stream
	for i, want := range []string{"copied 3 events (0 were already there)", "copied 3 events (3 were already there)"} {
		var out, errOut bytes.Buffer
		if err := run(ctx, []string{"eventstore", "copy", "--from", pgDSN, "--to", esdbURL}, &out, &errOut); err != nil {
			t.Fatalf("copy %d: %v\n%s", i+1, err, errOut.String())
		}
		if !strings.Contains(out.String(), want) {
			t.Fatalf("copy %d said %q, want %q", i+1, out.String(), want)
		}
	}

	after := MustOpenApp(t, esdbURL)
	clerk.base = after.URL()
	historyAfter := clerk.get("/v1/cases/" + submitted.CaseID + "/history")
	if got, want := historyWithoutPositions(t, historyAfter), historyWithoutPositions(t, historyBefore); got != want {
		t.Fatalf("history after the move:\n%s\nbefore:\n%s", got, want)
	}
	var h struct{ Events []struct{ Position string } }
	historyAfter.json(t, &h)
	r = clerk.get("/v1/cases/" + submitted.CaseID + "?after=" + h.Events[len(h.Events)-1].Position)
	wantStatus(t, r, http.StatusOK)
	var c struct{ Status string }
	if r.json(t, &c); c.Status != "in_review" {
		t.Fatalf("the read model rebuilt from EventStoreDB says %s", r.body)
	}

	// The tracking-number counter moved with the city: the next case on EventStoreDB takes
	// the next number of the series, never one a moved case holds.
	var next commandResult
	r = clerk.post("/v1/cases", walkIn)
	wantStatus(t, r, http.StatusCreated)
	r.json(t, &next)
	var numbers [2]struct {
		TrackingNumber string `json:"tracking_number"`
	}
	clerk.get("/v1/cases/"+submitted.CaseID).json(t, &numbers[0])
	clerk.get("/v1/cases/"+next.CaseID+"?after="+next.Position).json(t, &numbers[1])
	first, err1 := tracking.Parse("number", numbers[0].TrackingNumber)
	second, err2 := tracking.Parse("number", numbers[1].TrackingNumber)
	if err1 != nil || err2 != nil || second.Seq != first.Seq+1 {
		t.Fatalf("numbers %+v (%v, %v): want the series to go on after the move", numbers, err1, err2)
	}
}

// historyWithoutPositions renders a history minus the global positions, which belong to each
// store's own log; ids, revisions, times, actors and data must survive a move unchanged.
func historyWithoutPositions(tb testing.TB, r response) string {
	tb.Helper()
	var h struct {
		Events []map[string]any `json:"events"`
	}
	r.json(tb, &h)
	for _, e := range h.Events {
		delete(e, "position")
	}
	b, _ := json.Marshal(h)
	return string(b)
}

package main

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/dashboard"
)

// standingClock stands at the instant a test sets, for checks on either side of the end of a
// Tehran day.
type standingClock struct{ at atomic.Int64 }

// Now is the instant last set.
func (c *standingClock) Now() time.Time { return time.Unix(0, c.at.Load()).UTC() }

// Set stands the clock at t.
func (c *standingClock) Set(t time.Time) { c.at.Store(t.UnixNano()) }

// queueFlags is a case's overdue and at-risk flags as /v1/me/queue shows them.
type queueFlags struct {
	Overdue bool `json:"overdue"`
	AtRisk  bool `json:"at_risk"`
}

// One clock: at the same instant a case is overdue, or not, identically in the case list, the
// work queue and the dashboard's within-deadline share. Overdue starts when the Tehran due day
// has ended, not when it starts, and a case paused on the applicant is never overdue.
func TestOneClockForOverdue(t *testing.T) {
	var clock standingClock
	clock.Set(time.Date(2026, 5, 10, 10, 0, 0, 0, jalali.Tehran())) // Sunday 1405/02/20, mid-morning in Tehran
	app := mustOpenAppWith(t, func(cfg *appConfig) { cfg.Now = clock.Now })
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-3-1"}
	head := client{tb: t, base: app.URL(), actor: "supervisor:head-1"}
	auditor := client{tb: t, base: app.URL(), actor: "auditor:aud-1"}

	var last commandResult
	do := func(c client, path string, body any, status int) {
		t.Helper()
		r := c.post(path, body)
		wantStatus(t, r, status)
		r.json(t, &last)
	}
	open := func() string {
		t.Helper()
		do(clerk, "/v1/cases", walkIn, http.StatusCreated)
		id := last.CaseID
		do(clerk, "/v1/cases/"+id+"/accept", map[string]any{}, http.StatusOK)
		do(head, "/v1/cases/"+id+"/assign", map[string]any{"assignee": "clerk-3-1", "department": "district-3"}, http.StatusOK)
		return id
	}
	late, onTime, paused := open(), open(), open()
	do(clerk, "/v1/cases/"+paused+"/request-documents",
		map[string]any{"requests": []map[string]any{{"document": "deed", "kind": "missing"}}}, http.StatusOK)

	var c struct {
		DueAt time.Time `json:"due_at"`
	}
	r := auditor.get("/v1/cases/" + late + "?after=" + last.Position)
	wantStatus(t, r, http.StatusOK)
	r.json(t, &c)
	if c.DueAt.IsZero() || !c.DueAt.Equal(jalali.ToTime(jalali.FromTime(c.DueAt))) {
		t.Fatalf("due_at %v is not the start of a Tehran day", c.DueAt)
	}

	// views reads the list's overdue filter and the queue's flags at the clock's instant.
	views := func(t *testing.T) (overdue, notOverdue []string, queue map[string]queueFlags) {
		t.Helper()
		for _, v := range []struct {
			filter string
			into   *[]string
		}{{"true", &overdue}, {"false", &notOverdue}} {
			*v.into = idsOf(listCases(t, auditor, url.Values{"overdue": {v.filter}, "after": {last.Position}}).Items)
			slices.Sort(*v.into)
		}
		r := clerk.get("/v1/me/queue?after=" + last.Position)
		wantStatus(t, r, http.StatusOK)
		var q struct {
			Items []struct {
				CaseID string `json:"case_id"`
				queueFlags
			} `json:"items"`
		}
		r.json(t, &q)
		queue = map[string]queueFlags{}
		for _, it := range q.Items {
			queue[it.CaseID] = it.queueFlags
		}
		return overdue, notOverdue, queue
	}
	sorted := func(ids ...string) []string { slices.Sort(ids); return ids }

	t.Run("late on the due day, nothing is overdue yet", func(t *testing.T) {
		clock.Set(c.DueAt.Add(22 * time.Hour)) // 22:00 in Tehran on the due day
		overdue, notOverdue, queue := views(t)
		if len(overdue) != 0 || !slices.Equal(notOverdue, sorted(late, onTime, paused)) {
			t.Fatalf("list: overdue %v, not overdue %v", overdue, notOverdue)
		}
		want := map[string]queueFlags{late: {AtRisk: true}, onTime: {AtRisk: true}, paused: {}}
		if !maps.Equal(queue, want) {
			t.Fatalf("queue flags %v, want %v", queue, want)
		}
		do(head, "/v1/cases/"+onTime+"/decision", approval, http.StatusOK)
	})

	t.Run("just after the Tehran day ended, the running case is overdue and the paused one is not", func(t *testing.T) {
		clock.Set(c.DueAt.Add(24*time.Hour + 30*time.Minute)) // 00:30 in Tehran the day after
		overdue, notOverdue, queue := views(t)
		if !slices.Equal(overdue, sorted(late, onTime)) || !slices.Equal(notOverdue, []string{paused}) {
			t.Fatalf("list: overdue %v, not overdue %v; want %v and %v", overdue, notOverdue, sorted(late, onTime), paused)
		}
		want := map[string]queueFlags{late: {Overdue: true}, onTime: {Overdue: true}, paused: {}}
		if !maps.Equal(queue, want) {
			t.Fatalf("queue flags %v, want %v", queue, want)
		}
		do(head, "/v1/cases/"+late+"/decision", approval, http.StatusOK)
	})

	t.Run("the dashboard counts the decisions on time and late as the list did", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		headPos, err := app.store.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.runtime.WaitFor(ctx, dashboard.Name, headPos); err != nil {
			t.Fatal(err)
		}
		cells, err := dashboard.Reader{Reads: app.runtime}.Aggregate(ctx, dashboard.ByService, dashboard.Day, "permit.renew")
		if err != nil {
			t.Fatal(err)
		}
		within := map[string]float64{}
		for _, cell := range cells {
			if cell.Decided > 0 {
				within[cell.Bucket] = *cell.WithinDeadline
			}
		}
		dueDay, nextDay := c.DueAt.In(jalali.Tehran()).Format(time.DateOnly), c.DueAt.Add(25*time.Hour).In(jalali.Tehran()).Format(time.DateOnly)
		if len(within) != 2 || within[dueDay] != 1 || within[nextDay] != 0 {
			t.Fatalf("within deadline by decision day %v; want %s: 1 and %s: 0", within, dueDay, nextDay)
		}
	})
}

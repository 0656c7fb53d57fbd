package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// Violation reports, their cancellations and certificate issuances race on one plot; whatever
// the interleaving, the plot stream orders every issuance after the holds it saw, and no
// issuance stands where a hold blocking it was open. Run on both event stores, which append to
// one stream at a time.
func TestIssuancesAndViolationReportsRacingOnOnePlot(t *testing.T) {
	t.Parallel()
	t.Run("on PostgreSQL", func(t *testing.T) {
		t.Parallel()
		racePlot(t, MustOpenApp(t))
	})
	t.Run("on EventStoreDB", func(t *testing.T) { t.Parallel(); racePlot(t, MustOpenApp(t, esdbtest.Start(t).URL())) })
}

const (
	racingCertificates = 6
	racingReports      = 4
	reportsEach        = 3  // each reporter reports and cancels this many times
	issueAttempts      = 30 // an issuer gives up after this many refusals
	flips              = 8  // how often one case is cancelled and reopened at once
	racePlotSub        = 7777
)

func racePlot(t *testing.T, app *App) {
	noViolationSvc, _ := catalogue.Default().Service("cert.noviolation")
	certs := make([]*lifecycle, racingCertificates)
	for i := range certs {
		certs[i] = newLifecycle(t, app, noViolationSvc)
		certs[i].submit(racePlotSub)
		certs[i].readyToIssue()
	}
	issued := map[string]bool{}
	outcomes := map[string]int{}
	var mu sync.Mutex
	tally := func(what string) { mu.Lock(); outcomes[what]++; mu.Unlock() }
	var wg sync.WaitGroup
	for _, cert := range certs {
		wg.Go(func() { // tries while reports come and go, until it issues
			for range issueAttempts {
				status, body := racePost(app, "admin:admin-1", "/v1/cases/"+cert.id+"/issue", nil)
				tally(fmt.Sprint(status))
				switch status {
				case http.StatusOK:
					mu.Lock()
					issued[cert.id] = true
					mu.Unlock()
					return
				case http.StatusConflict, http.StatusUnprocessableEntity:
				default:
					t.Errorf("issue: %d %s", status, body)
					return
				}
			}
		})
	}
	for range racingReports {
		wg.Go(func() {
			for range reportsEach {
				raceReportAndCancel(t, app, tally)
			}
		})
	}
	flipper := raceReport(t, app, tally)
	for _, action := range []string{"cancel", "reopen"} { // the same case ended and reopened at once
		wg.Go(func() {
			for range flips {
				status, body := racePost(app, "admin:admin-1", "/v1/cases/"+flipper+"/"+action, map[string]any{"reason": "flip"})
				tally(action + " " + fmt.Sprint(status))
				if status != http.StatusOK && status != http.StatusConflict && status != http.StatusUnprocessableEntity {
					t.Errorf("%s: %d %s", action, status, body)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("outcomes: %v", outcomes)
	holds := checkPlotOrder(t, app, issued)
	if _, held := holds.Of(uuid.MustParse(flipper)); raceCaseOpen(t, app, flipper) && !held {
		t.Fatalf("case %s stands open and does not hold its plot: %v", flipper, holds)
	}
	if raceCaseOpen(t, app, flipper) {
		if status, body := racePost(app, "admin:admin-1", "/v1/cases/"+flipper+"/cancel", map[string]any{"reason": "done"}); status != http.StatusOK {
			t.Fatalf("cancel: %d %s", status, body)
		}
	}
	if holds := checkPlotOrder(t, app, issued); len(holds) > 0 {
		t.Fatalf("holds %v stand after every report was cancelled", holds)
	}
	for _, cert := range certs { // every hold released: what was refused now issues
		if !issued[cert.id] {
			cert.do("issue", nil)
		}
	}
}

// raceReport reports a violation on the race plot and returns its case id.
func raceReport(t *testing.T, app *App, tally func(string)) string {
	status, body := racePost(app, "inspector:insp-1", "/v1/cases", map[string]any{
		"service": "viol.art100", "channel": "inspection", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{racePlotSub}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"}})
	tally("report " + fmt.Sprint(status))
	var res commandResult
	if status != http.StatusCreated || json.Unmarshal(body, &res) != nil {
		t.Errorf("report: %d %s", status, body)
	}
	return res.CaseID
}

// raceReportAndCancel reports a violation on the race plot and cancels it.
func raceReportAndCancel(t *testing.T, app *App, tally func(string)) {
	id := raceReport(t, app, tally)
	if id == "" {
		return
	}
	status, body := http.StatusConflict, []byte(nil)
	for status == http.StatusConflict {
		status, body = racePost(app, "admin:admin-1", "/v1/cases/"+id+"/cancel", map[string]any{"reason": "duplicate report"})
		tally("cancel " + fmt.Sprint(status))
	}
	if status != http.StatusOK {
		t.Errorf("cancel: %d %s", status, body)
	}
}

// raceCaseOpen folds the case's stream: whether it stands open.
func raceCaseOpen(t *testing.T, app *App, id string) bool {
	t.Helper()
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := app.store.ReadStream(context.Background(), cases.StreamName(uuid.MustParse(id)), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var s cases.State
	for _, r := range recs {
		ev, err := reg.Decode(r.Type, r.Data)
		if err != nil {
			t.Fatal(err)
		}
		s = cases.Evolve(s, ev)
	}
	return !s.Status.Closed()
}

// checkPlotOrder folds the race plot's stream and fails at an issuance marker written while a
// hold blocking it stood, or an issued case without a marker; it returns the holds left.
func checkPlotOrder(t *testing.T, app *App, issued map[string]bool) cases.PlotHolds {
	t.Helper()
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	stream := cases.PlotStreamName(ident.Plot{Section: 3, Main: []int{72}, Sub: []int{racePlotSub}})
	recs, err := app.store.ReadStream(context.Background(), stream, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var holds cases.PlotHolds
	cleared := map[string]bool{}
	for _, r := range recs {
		ev, err := reg.Decode(r.Type, r.Data)
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := ev.(*cases.IssuanceCleared); ok {
			if h, blocked := holds.Blocking(c.Service); blocked {
				t.Errorf("revision %d: %s cleared to issue while case %s held the plot", r.Revision, c.CaseID, h.CaseID)
			}
			cleared[c.CaseID.String()] = true
		}
		holds = cases.EvolveHolds(holds, ev)
	}
	for id := range issued {
		if !cleared[id] {
			t.Errorf("case %s issued without a marker on the plot stream", id)
		}
	}
	if len(cleared) == 0 && len(issued) > 0 {
		t.Error("no issuance went through the plot stream")
	}
	return holds
}

// racePost is a POST safe to send from many goroutines: it reports instead of failing the test.
func racePost(app *App, actor, path string, body any) (int, []byte) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, app.URL()+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	role, sub, _ := bytes.Cut([]byte(actor), []byte(":"))
	token, err := testIssuer.Token(string(role), string(sub), testDepartment, "", time.Hour)
	if err != nil {
		return 0, []byte(err.Error())
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer res.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(res.Body)
	return res.StatusCode, out.Bytes()
}

package main

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/httpapi/web/webtest"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/tlog"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

// webServices are few enough that a few hundred demo cases fill cells above the suppression
// threshold, and cover a permit, a certificate, an inquiry and a violation.
var webServices = []string{"permit.new", "cert.completion", "inq.bank", "viol.art100"}

// MustSeededApp runs the real wiring over a seeded demo city, with a transparency log, and
// waits until the public read models and the log have caught up with it and a checkpoint is
// signed, so the pages show everything they can.
func MustSeededApp(tb testing.TB) (*App, demo.Summary) {
	tb.Helper()
	private, _, err := tlog.GenerateKey("test.shafaf.example/events")
	if err != nil {
		tb.Fatal(err)
	}
	app := mustOpenAppWith(tb, func(cfg *appConfig) { cfg.Transparency = transparencyConfig{Key: private} })
	ctx := context.Background()
	sum, err := demo.Seed(ctx, app.store, demo.Options{Cases: 500, Services: webServices, Span: 100 * 24 * time.Hour, End: time.Now()})
	if err != nil {
		tb.Fatalf("seed: %v", err)
	}
	head, err := app.store.Head(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for _, name := range []string{transparency.Name, dashboard.Name, certificates.Name, tlog.Name} {
		if err := app.runtime.WaitFor(wait, name, head); err != nil {
			tb.Fatalf("read model %s does not catch up: %v", name, err)
		}
	}
	if _, _, err := app.signer.Checkpoint(ctx); err != nil {
		tb.Fatal(err)
	}
	return app, sum
}

// number reads a figure as the page prints it, in Persian or Latin digits with separators.
func number(tb testing.TB, s string) float64 {
	tb.Helper()
	s = strings.NewReplacer("٬", "", ",", "", "٫", ".", "٪", "", "%", "").Replace(ident.NormalizeDigits(strings.TrimSpace(s)))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatalf("not a number on the page: %q", s)
	}
	return v
}

func TestPublicPagesInBrowser(t *testing.T) {
	app, sum := MustSeededApp(t)
	ctx := webtest.MustBrowser(t)
	dir := webtest.ArtifactDir(t)
	reads := transparency.Reader{Reads: app.runtime}
	s, err := reads.Summary(context.Background(), time.Now(), 30)
	if err != nil {
		t.Fatal(err)
	}

	webtest.MustDo(t, ctx, chromedp.Navigate(app.URL()+"/"), chromedp.WaitVisible(chromedp.CSS("#chart-trend")))
	t.Run("renders in Persian, right to left, with Persian digits", func(t *testing.T) {
		if d := webtest.MustRun(t, ctx, chromedp.Evaluate[string]("document.documentElement.dir + '/' + document.documentElement.lang")); d != "rtl/fa" {
			t.Errorf("dir/lang %q", d)
		}
		table := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("#table-services tbody")))
		if strings.ContainsAny(table, "0123456789") || !strings.ContainsAny(table, "۰۱۲۳۴۵۶۷۸۹") {
			t.Errorf("the service table is not in Persian digits: %q", table)
		}
	})
	t.Run("passes axe-core over a real city and dates its figures by the projections", func(t *testing.T) {
		webtest.MustAxe(t, ctx, "/ over the demo city")
		asOf := webtest.MustRun(t, ctx, chromedp.AttributeValue(chromedp.CSS("#as-of time"), "datetime"))
		at, err := time.Parse(time.RFC3339, asOf.Value)
		if err != nil || at.After(time.Now()) || time.Since(at) > time.Minute {
			t.Errorf("as of %q (%v): the caught-up read models should date the figures to the last status check", asOf.Value, err)
		}
	})
	// cell reads one count of the page and compares it with the read model's.
	cell := func(t *testing.T, sel string, n *int) {
		t.Helper()
		got := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(sel)))
		switch {
		case n == nil && got != "پنهان":
			t.Errorf("%s: hidden cell shows %q", sel, got)
		case n != nil && number(t, got) != float64(*n):
			t.Errorf("%s: page says %s, read model %d", sel, got, *n)
		}
	}
	t.Run("the city, service and district tables show the last 30 days from the read model", func(t *testing.T) {
		cell(t, `#city dd[data-field="submitted"]`, s.City.Submitted)
		cell(t, `#city dd[data-field="decided"]`, s.City.Decided)
		cell(t, `#city dd[data-field="staff"]`, s.Open.WaitingStaff)
		for _, f := range s.Services {
			cell(t, fmt.Sprintf(`#table-services tr[data-service=%q] td[data-field="submitted"]`, f.Key), f.Submitted)
			cell(t, fmt.Sprintf(`#table-services tr[data-service=%q] td[data-field="decided"]`, f.Key), f.Decided)
			if f.WithinDeadline != nil {
				within := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(fmt.Sprintf(`#table-services tr[data-service=%q] td[data-field="within"]`, f.Key))))
				if math.Abs(number(t, within)-100**f.WithinDeadline) > 0.5 {
					t.Errorf("%s: page says %s within the deadline, read model %v", f.Key, within, *f.WithinDeadline)
				}
			}
		}
		for _, f := range s.Districts {
			cell(t, fmt.Sprintf(`#table-districts tr[data-district=%q] td[data-field="submitted"]`, f.Key), f.Submitted)
		}
		if len(s.Services) == 0 || len(s.Districts) == 0 {
			t.Fatalf("nothing to compare: %+v", s)
		}
	})
	t.Run("the charts draw the read model's numbers", func(t *testing.T) {
		medians := chartValues(t, ctx, "#chart-median g.row")
		published := 0
		for _, f := range s.Services {
			if f.MedianDays == nil {
				continue
			}
			published++
			if !near(medians[f.Key], *f.MedianDays) {
				t.Errorf("%s: median bar %v, read model %v", f.Key, medians[f.Key], *f.MedianDays)
			}
		}
		if published == 0 || len(medians) != published {
			t.Errorf("%d services have a published median, the chart draws %d", published, len(medians))
		}
		staff := chartValues(t, ctx, "#chart-open g.row rect.bar-staff")
		for _, b := range s.Backlogs {
			if b.WaitingStaff != nil && *b.WaitingStaff > 0 && !near(staff[b.Key], float64(*b.WaitingStaff)) {
				t.Errorf("%s: waiting-on-staff bar %v, read model %d", b.Key, staff[b.Key], *b.WaitingStaff)
			}
		}
		submitted := chartValues(t, ctx, "#chart-trend g.row rect.bar-submitted")
		monthMedians := chartValues(t, ctx, "#chart-trend-median g.row")
		fees := chartValues(t, ctx, "#chart-fees g.row rect")
		reported := chartValues(t, ctx, "#chart-violations g.row rect.bar-reported")
		var feeTotal int64
		for _, m := range s.Months {
			key := strings.ReplaceAll(m.Month, "/", "-")
			if v, drawn := submitted[key]; drawn && (m.Submitted == nil || !near(v, float64(*m.Submitted))) {
				t.Errorf("%s: submitted bar %v, read model %v", key, v, m.Submitted)
			}
			if v, drawn := monthMedians[key]; drawn != (m.MedianDays != nil) || drawn && !near(v, *m.MedianDays) {
				t.Errorf("%s: median bar %v (drawn %v), read model %v", key, v, drawn, m.MedianDays)
			}
			if v, drawn := fees[key]; drawn && !near(v*1e6, float64(m.FeesCollected)) {
				t.Errorf("%s: fee bar %v million, read model %d rials", key, v, m.FeesCollected)
			}
			if v, drawn := reported[key]; drawn && m.ViolationsReported != nil && !near(v, float64(*m.ViolationsReported)) {
				t.Errorf("%s: violations bar %v, read model %d", key, v, *m.ViolationsReported)
			}
			feeTotal += m.FeesCollected
		}
		if len(submitted) == 0 || feeTotal == 0 || len(reported) == 0 {
			t.Errorf("the demo city drew %d month bars, collected %d rials and drew %d violation bars", len(submitted), feeTotal, len(reported))
		}
	})
	webtest.MustScreenshot(t, ctx, dir, "dashboard-fa")

	t.Run("renders in English", func(t *testing.T) {
		webtest.MustDo(t, ctx, chromedp.Navigate(app.URL()+"/en"), chromedp.WaitVisible(chromedp.CSS("#chart-trend")))
		if d := webtest.MustRun(t, ctx, chromedp.Evaluate[string]("document.documentElement.dir + '/' + document.documentElement.lang")); d != "ltr/en" {
			t.Errorf("dir/lang %q", d)
		}
		if h := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("h1"))); h != "How the city's planning services perform" {
			t.Errorf("heading %q", h)
		}
		webtest.MustScreenshot(t, ctx, dir, "dashboard-en")
	})
	t.Run("the verify form", func(t *testing.T) {
		if sum.Valid.Number == "" {
			t.Fatalf("the demo city has no valid certificate: %v", sum.ByStatus)
		}
		for _, tc := range []struct{ name, number, code, want string }{
			{"says valid for a seeded certificate", sum.Valid.Number, sum.Valid.Code, "valid"},
			{"says unknown for a wrong code", sum.Valid.Number, "000000000000", "unknown"},
			{"says revoked for a revoked one", sum.Revoked.Number, sum.Revoked.Code, "revoked"},
		} {
			if tc.number == "" {
				continue // the seed made no certificate of this kind
			}
			webtest.MustDo(t, ctx, chromedp.Navigate(app.URL()+"/verify"), chromedp.WaitVisible(chromedp.CSS("#number")),
				chromedp.SendKeys(chromedp.CSS("#number"), tc.number), chromedp.SendKeys(chromedp.CSS("#code"), tc.code),
				chromedp.Click(chromedp.CSS("form.verify button")), chromedp.WaitVisible(chromedp.CSS("#result-status")))
			if got := webtest.MustRun(t, ctx, chromedp.AttributeValue(chromedp.CSS("#result-status"), "data-status")); got.Value != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, got.Value, tc.want)
			}
			if tc.want == "valid" {
				if plot := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("#result-plot"))); !strings.Contains(plot, "/") {
					t.Errorf("the answer names the plot as %q", plot)
				}
				webtest.MustScreenshot(t, ctx, dir, "verify-valid-fa")
			}
		}
		webtest.MustDo(t, ctx, chromedp.Navigate(app.URL()+"/verify/"+sum.Valid.Number+"?c="+sum.Valid.Code+"&lang=en"),
			chromedp.WaitVisible(chromedp.CSS("#result-status")))
		if got := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("#result-status"))); got != "Valid" {
			t.Errorf("the QR link says %q", got)
		}
	})
	t.Run("is usable at phone width", func(t *testing.T) {
		webtest.MustDo(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(app.URL()+"/"),
			chromedp.WaitVisible(chromedp.CSS("#chart-trend")))
		if !webtest.MustRun(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#transparency-log [data-field="tree-size"]') !== null`)) {
			t.Error("the dashboard shows no signed checkpoint") // the checks below would pass without it
		}
		webtest.MustNotOverflow(t, ctx, "/ at 390 px")
		webtest.MustAxe(t, ctx, "/ at 390 px over the demo city")
		webtest.MustDo(t, ctx, chromedp.Navigate(app.URL()+"/docs"), chromedp.WaitReady(chromedp.CSS("main")))
		webtest.MustNotOverflow(t, ctx, "/docs at 390 px")
		webtest.MustScreenshot(t, ctx, dir, "docs-phone")
		webtest.MustScreenshot(t, ctx, dir, "dashboard-phone-fa")
	})
}

// TestPublicPagesShowNoPersonalData reads every public page and file of the seeded city and
// looks for the applicants' names, national IDs and phone numbers.
func TestPublicPagesShowNoPersonalData(t *testing.T) {
	app, sum := MustSeededApp(t)
	anon := client{tb: t, base: app.URL()}
	var pages []string
	for _, path := range []string{"/", "/en", "/open-data", "/methods", "/fees", "/open-data/permits.csv", "/open-data/permits.json",
		"/open-data/aggregates.csv", "/open-data/aggregates.json", "/verify/" + sum.Valid.Number + "?c=" + sum.Valid.Code} {
		r := anon.get(path)
		wantStatus(t, r, http.StatusOK)
		pages = append(pages, string(r.body))
	}
	all := strings.Join(pages, "\n")
	if !strings.Contains(all, sum.Valid.Number) {
		t.Fatal("the permit register does not list the seeded certificate")
	}
	for _, p := range sum.People {
		for _, secret := range []string{p.Name, p.NationalID, p.Phone, p.Address} {
			if len(secret) > 3 && strings.Contains(all, secret) {
				t.Fatalf("a public page shows personal data %q", secret)
			}
		}
	}
}

// TestUnknownPathsAnswerProblems: with the pages mounted, unknown API and page paths still
// answer the API's problem+json.
func TestUnknownPathsAnswerProblems(t *testing.T) {
	anon := client{tb: t, base: MustOpenApp(t).URL()}
	for _, path := range []string{"/v1/nope", "/verify/a/b", "/open-data/nope.csv"} {
		wantProblem(t, anon.get(path), http.StatusNotFound, "not_found")
	}
}

// chartValues maps each chart row or column group (data-key) to the sum of its bars' values.
func chartValues(tb testing.TB, ctx context.Context, rects string) map[string]float64 {
	tb.Helper()
	sel := rects
	if !strings.Contains(rects, "rect") {
		sel += " rect"
	}
	js := fmt.Sprintf(`(() => { const m = {}; for (const r of document.querySelectorAll(%q)) {
		const k = r.closest("g").dataset.key; m[k] = (m[k] || 0) + Number(r.dataset.value) } return m })()`, sel)
	return webtest.MustRun(tb, ctx, chromedp.Evaluate[map[string]float64](js))
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

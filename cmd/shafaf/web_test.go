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
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/httpapi/web/webtest"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

// webServices are few enough that a few hundred demo cases fill cells above the suppression
// threshold, and cover a permit, a certificate, an inquiry and a violation.
var webServices = []string{"permit.new", "cert.completion", "inq.bank", "viol.art100"}

// MustSeededApp runs the real wiring over a seeded demo city and waits until the public read
// models have caught up with it.
func MustSeededApp(tb testing.TB) (*App, demo.Summary) {
	tb.Helper()
	app := MustOpenApp(tb)
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
	for _, name := range []string{transparency.Name, dashboard.Name, certificates.Name} {
		if err := app.runtime.WaitFor(wait, name, head); err != nil {
			tb.Fatalf("read model %s does not catch up: %v", name, err)
		}
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
	cells, err := reads.Aggregates(context.Background(), dashboard.ByService, dashboard.Month)
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
	t.Run("the service table shows this month's cases from the read model", func(t *testing.T) {
		month := monthBucket(time.Now())
		checked := 0
		for _, c := range cells {
			if c.Bucket != month {
				continue
			}
			got := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(fmt.Sprintf(`tr[data-service=%q] td[data-field="cases"]`, c.Key))))
			if c.Submitted == nil {
				if got != "کمتر از ۵" {
					t.Errorf("%s: suppressed cell shows %q", c.Key, got)
				}
				continue
			}
			if v := number(t, got); v != float64(*c.Submitted) {
				t.Errorf("%s: page says %v cases this month, read model %d", c.Key, v, *c.Submitted)
			}
			checked++
		}
		if checked == 0 {
			t.Fatalf("no published cell this month (%s) to compare: %+v", month, cells)
		}
	})
	t.Run("the rolling table and chart show the last 30 days from the read model", func(t *testing.T) {
		windows, err := reads.Window(context.Background(), dashboard.ByService, time.Now(), 30)
		if err != nil {
			t.Fatal(err)
		}
		means := chartValues(t, ctx, "#chart-recent g.row")
		published := 0
		for _, w := range windows {
			for field, n := range map[string]*int{"submitted": w.Submitted, "decided": w.Decided} {
				got := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(fmt.Sprintf(`#table-recent tr[data-service=%q] td[data-field=%q]`, w.Key, field))))
				switch {
				case n == nil && got != "کمتر از ۵":
					t.Errorf("%s: suppressed %s shows %q", w.Key, field, got)
				case n != nil && number(t, got) != float64(*n):
					t.Errorf("%s: page says %s %s in 30 days, read model %d", w.Key, got, field, *n)
				}
			}
			if w.MeanDays == nil {
				continue
			}
			published++
			if !near(means[w.Key], *w.MeanDays) {
				t.Errorf("%s: rolling mean bar %v, read model %v", w.Key, means[w.Key], *w.MeanDays)
			}
			within := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(fmt.Sprintf(`#table-recent tr[data-service=%q] td[data-field="within"]`, w.Key))))
			if math.Abs(number(t, within)-100**w.WithinDeadline) > 0.5 {
				t.Errorf("%s: page says %s within the deadline, read model %v", w.Key, within, *w.WithinDeadline)
			}
		}
		if published == 0 || len(means) != published {
			t.Errorf("%d services have a published rolling mean, the chart draws %d: %+v", published, len(means), windows)
		}
	})
	t.Run("the charts draw the read model's numbers", func(t *testing.T) {
		medians := chartValues(t, ctx, "#chart-median g.row")
		staff := chartValues(t, ctx, "#chart-backlog g.row rect.bar-staff")
		month := monthBucket(time.Now())
		for _, c := range cells {
			if c.Bucket == month && c.MedianDays != nil && !near(medians[c.Key], *c.MedianDays) {
				t.Errorf("%s: median bar %v, read model %v", c.Key, medians[c.Key], *c.MedianDays)
			}
		}
		backlogs, err := reads.Backlogs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range backlogs {
			if b.WaitingStaff != nil && *b.WaitingStaff > 0 && !near(staff[b.Service], float64(*b.WaitingStaff)) {
				t.Errorf("%s: waiting-on-staff bar %v, read model %d", b.Service, staff[b.Service], *b.WaitingStaff)
			}
		}
		submitted := chartValues(t, ctx, "#chart-trend g.group rect.bar-submitted")
		want := map[string]float64{}
		for _, c := range cells {
			if c.Submitted != nil {
				want[strings.ReplaceAll(c.Bucket, "/", "-")] += float64(*c.Submitted)
			}
		}
		if len(submitted) == 0 {
			t.Fatal("the trend chart draws no column")
		}
		for m, v := range submitted {
			if !near(v, want[m]) {
				t.Errorf("%s: submitted column %v, read model's published cells sum to %v", m, v, want[m])
			}
		}
		months, err := reads.Months(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		fees := chartValues(t, ctx, "#chart-fees g.group rect")
		reported := chartValues(t, ctx, "#chart-violations g.group rect.bar-reported")
		var feeTotal int64
		for _, f := range months {
			key := strings.ReplaceAll(f.Month, "/", "-")
			if v, drawn := fees[key]; drawn && !near(v*1e6, float64(f.FeesCollected)) {
				t.Errorf("%s: fee column %v million, read model %d rials", key, v, f.FeesCollected)
			}
			if v, drawn := reported[key]; drawn && !near(v, float64(f.ViolationsReported)) {
				t.Errorf("%s: violations column %v, read model %d", key, v, f.ViolationsReported)
			}
			feeTotal += f.FeesCollected
		}
		if feeTotal == 0 || len(reported) == 0 {
			t.Errorf("the demo city collected %d rials and drew %d violation columns", feeTotal, len(reported))
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
		if webtest.MustRun(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
			t.Error("the page scrolls sideways at phone width")
		}
		webtest.MustScreenshot(t, ctx, dir, "dashboard-phone-fa")
	})
}

// TestPublicPagesShowNoPersonalData reads every public page and file of the seeded city and
// looks for the applicants' names, national IDs and phone numbers.
func TestPublicPagesShowNoPersonalData(t *testing.T) {
	app, sum := MustSeededApp(t)
	anon := client{tb: t, base: app.URL()}
	var pages []string
	for _, path := range []string{"/", "/en", "/open-data", "/open-data/permits.csv", "/open-data/permits.json",
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

// monthBucket is the read model's Jalali month of t, "1405/09".
func monthBucket(t time.Time) string {
	d := jalali.FromTime(t)
	return fmt.Sprintf("%04d/%02d", d.Year, d.Month)
}

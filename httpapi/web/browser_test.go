package web

import (
	"context"
	"math"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shafaf-city/shafaf/httpapi/web/webtest"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// TestInBrowser renders the pages over the fake city in one headless Chromium: direction,
// digits, the numbers the charts draw, keyboard focus and the verify form; then axe-core and
// the phone width on every page.
func TestInBrowser(t *testing.T) {
	_, key, err := tlog.GenerateKey("test.shafaf.example/events")
	if err != nil {
		t.Fatal(err)
	}
	// The log's key is the longest unbroken text on the pages: it must wrap on a phone.
	// The audit looks up cases on /track at both widths: more than the default burst allows.
	srv := httptest.NewServer(MustRouter(t, newFakeSource(), Config{LogPublicKey: key, VerifyBurst: 100}))
	t.Cleanup(srv.Close)
	ctx := webtest.MustBrowser(t)
	dir := webtest.ArtifactDir(t)
	t.Run("the dashboard and the verify form", func(t *testing.T) { dashboardAndVerify(t, ctx, srv.URL, dir) })
	t.Run("the certificate prints on one A4 page and its QR code reads the verify link", func(t *testing.T) { printableCertificate(t, ctx, srv.URL, dir) })
	t.Run("every page passes axe-core and fits a phone", func(t *testing.T) { auditEveryPage(t, ctx, srv.URL, dir) })
}

func dashboardAndVerify(t *testing.T, ctx context.Context, base, dir string) {

	webtest.MustDo(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#chart-median")))
	if d := webtest.MustRun(t, ctx, chromedp.Evaluate[string]("document.documentElement.dir")); d != "rtl" {
		t.Errorf("dir %q, want rtl", d)
	}
	cases := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(`#table-services tr[data-service="building_permit"] td[data-field="submitted"]`)))
	if cases != "۱٬۲۳۴" {
		t.Errorf("cases cell %q, want ۱٬۲۳۴", cases)
	}
	medians := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-median rect")].map(r => r.dataset.value)`))
	if strings.Join(medians, ",") != "12.5,11" {
		t.Errorf("median bars %v, want [12.5 11]", medians)
	}
	// Each value is written at its own bar's end, not at the deadline's line.
	labels := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-median text.value")].map(t => t.textContent)`))
	if strings.Join(labels, ",") != "۱۲٫۵,۱۱" {
		t.Errorf("median value labels %v", labels)
	}
	gap := webtest.MustRun(t, ctx, chromedp.Evaluate[float64](`(() => { const r = document.querySelector("#chart-median rect"), v = r.parentNode.querySelector("text.value");
		return r.getBoundingClientRect().left - v.getBoundingClientRect().right })()`))
	if gap < 0 || gap > 10 {
		t.Errorf("the first value label ends %vpx from its bar's start side, want just beside it", gap)
	}
	if h := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("#city-h"))); h != "کل شهر در ۳۰ روز گذشته ۶ آبان تا ۵ آذر ۱۴۰۵" {
		t.Errorf("city heading %q", h)
	}
	city := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#city dd")].map(dd => dd.dataset.field + "=" + dd.textContent)`))
	if got := strings.Join(city, " "); got != "submitted=۱٬۲۴۰ decided=۲۶۰ median=۹٫۵ within=۹۰٪ staff=۴۸ applicant=۱۹" {
		t.Errorf("city summary %q", got)
	}
	submitted := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-trend rect.bar-submitted")].map(r => r.dataset.value)`))
	if strings.Join(submitted, ",") != "60,110,90" {
		t.Errorf("submitted bars, newest first: %v, want 60,110,90", submitted)
	}
	// In Persian the bars grow from the right: the first bar ends at the plot's right edge.
	right := webtest.MustRun(t, ctx, chromedp.Evaluate[float64](`(r => r.x.baseVal.value + r.width.baseVal.value)(document.querySelector("#chart-median rect"))`))
	if math.Abs(right-(chartWidth-plotStart)) > 0.5 {
		t.Errorf("RTL bar ends at %v, want %v", right, chartWidth-plotStart)
	}
	// Late bars are hatched, not only red.
	if fill := webtest.MustRun(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#chart-median rect.bar-late")).fill`)); !strings.Contains(fill, "#p-late") {
		t.Errorf("a late bar's fill is %q, want the hatch pattern", fill)
	}
	webtest.MustDo(t, ctx, chromedp.KeyEvent("\t"))
	if f := webtest.MustRun(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`)); f != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", f)
	}

	webtest.MustDo(t, ctx, chromedp.Navigate(base+"/en"), chromedp.WaitVisible(chromedp.CSS("#chart-median")))
	if d := webtest.MustRun(t, ctx, chromedp.Evaluate[string]("document.documentElement.dir")); d != "ltr" {
		t.Errorf("dir %q, want ltr", d)
	}

	for _, tc := range []struct{ number, code, want string }{
		{"1405-AB12CD34", "0A1B2C3D4E5F", "valid"},
		{"۱۴۰۵-ab12cd34", "0a1b2c3d4e5f", "valid"},
		{"1405-AB12CD34", "000000000000", "unknown"},
	} {
		webtest.MustDo(t, ctx, chromedp.Navigate(base+"/verify"), chromedp.WaitVisible(chromedp.CSS("#number")),
			chromedp.SendKeys(chromedp.CSS("#number"), tc.number), chromedp.SendKeys(chromedp.CSS("#code"), tc.code),
			chromedp.Submit(chromedp.CSS("#code")), chromedp.WaitVisible(chromedp.CSS("#result-status")))
		got := webtest.MustRun(t, ctx, chromedp.AttributeValue(chromedp.CSS("#result-status"), "data-status"))
		if got.Value != tc.want {
			t.Errorf("verify %s/%s: %q, want %q", tc.number, tc.code, got.Value, tc.want)
		}
		if tc.want == "valid" {
			webtest.MustAxe(t, ctx, "/verify with a valid answer")
			webtest.MustScreenshot(t, ctx, dir, "verify-valid-fa")
		}
	}
}

// auditedPages are every public page, audited at both widths.
var auditedPages = []struct{ name, path string }{
	{"dashboard-fa", "/"}, {"dashboard-en", "/en"}, {"verify-fa", "/verify"}, {"verify-en", "/verify?lang=en"},
	{"track-fa", "/track"}, {"track-en", "/track?lang=en"}, {"track-found-fa", "/track?number=1405-1-00042-1&last4=0123"},
	{"track-unknown-en", "/track?lang=en&number=1405-1-00042-1&last4=9999"}, {"track-check-digit-fa", "/track?number=1405-1-00042-7&last4=0123"},
	{"open-data-fa", "/open-data"}, {"open-data-en", "/open-data?lang=en"}, {"methods-fa", "/methods"}, {"methods-en", "/methods?lang=en"},
	{"fees-fa", "/fees"}, {"fees-en", "/fees?lang=en"},
	{"certificate-fa", "/certificates/1405-AB12CD34?c=0a1b2c3d4e5f"}, {"certificate-revoked-en", "/certificates/1405-REVOKED1?c=123456789abc&lang=en"},
	{"certificate-unknown-fa", "/certificates/1405-00000000?c=0a1b2c3d4e5f"},
}

// auditEveryPage runs axe-core on every public page at desktop width and at a phone's 390 px,
// where nothing may stick out sideways, and keeps a screenshot of each.
func auditEveryPage(t *testing.T, ctx context.Context, base, dir string) {
	for _, width := range []struct {
		name string
		set  chromedp.Action[chromedp.Void]
	}{
		{"desktop", chromedp.EmulateViewport(1280, 900)},
		{"phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)},
	} {
		webtest.MustDo(t, ctx, width.set)
		for _, p := range auditedPages {
			t.Run(p.name+"/"+width.name, func(t *testing.T) {
				webtest.MustDo(t, ctx, chromedp.Navigate(base+p.path), chromedp.WaitReady(chromedp.CSS("footer")))
				webtest.MustAxe(t, ctx, p.path+" at "+width.name+" width")
				if width.name == "phone" {
					webtest.MustNotOverflow(t, ctx, p.path+" at 390 px")
				}
				webtest.MustScreenshot(t, ctx, dir, p.name+"-"+width.name)
			})
		}
	}
	t.Run("on a phone the first chart comes before the tables", func(t *testing.T) {
		webtest.MustDo(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS("footer")))
		chart := webtest.MustRun(t, ctx, chromedp.Evaluate[float64](`document.querySelector("#chart-median").getBoundingClientRect().top`))
		table := webtest.MustRun(t, ctx, chromedp.Evaluate[float64](`document.querySelector("#table-services").getBoundingClientRect().top`))
		if chart > 2*844 || chart > table {
			t.Errorf("the first chart starts at %vpx, the first table at %vpx", chart, table)
		}
		size := webtest.MustRun(t, ctx, chromedp.Evaluate[float64](`(t => t.getBoundingClientRect().height)(document.querySelector("#chart-median text.value"))`))
		if size < 11 {
			t.Errorf("chart text is drawn %vpx high on a phone", size)
		}
	})
}

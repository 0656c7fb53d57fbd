package web

import (
	"math"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shafaf-city/shafaf/httpapi/web/webtest"
)

// TestInBrowser renders the pages over the fake city in headless Chromium: direction,
// digits, the numbers the charts draw, keyboard focus, the verify form and phone width.
func TestInBrowser(t *testing.T) {
	srv := httptest.NewServer(MustRouter(t, newFakeSource(), Config{}))
	t.Cleanup(srv.Close)
	ctx := webtest.MustBrowser(t)
	dir := webtest.ArtifactDir(t)

	webtest.MustDo(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#chart-median")))
	if d := webtest.MustRun(t, ctx, chromedp.Evaluate[string]("document.documentElement.dir")); d != "rtl" {
		t.Errorf("dir %q, want rtl", d)
	}
	cases := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS(`tr[data-service="building_permit"] td[data-field="cases"]`)))
	if cases != "۱٬۲۳۴" {
		t.Errorf("cases cell %q, want ۱٬۲۳۴", cases)
	}
	medians := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-median rect")].map(r => r.dataset.value)`))
	if strings.Join(medians, ",") != "12.5" {
		t.Errorf("median bars %v, want [12.5]", medians)
	}
	if h := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("#recent-h"))); h != "خدمات در ۳۰ روز گذشته ۶ آبان تا ۵ آذر ۱۴۰۵" {
		t.Errorf("rolling heading %q", h)
	}
	recent := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#table-recent tbody td")].map(td => td.dataset.field + "=" + td.textContent)`))
	if got := strings.Join(recent, " "); got != "submitted=۳۱۰ decided=۲۵۰ mean=۹٫۵ deadline=۱۵ within=۹۰٪ submitted=کمتر از ۵ decided=۰ mean=— deadline=۱۰ within=—" {
		t.Errorf("rolling table %q", got)
	}
	means := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-recent rect")].map(r => r.dataset.value)`))
	if strings.Join(means, ",") != "9.5" {
		t.Errorf("rolling mean bars %v, want [9.5]", means)
	}
	submitted := webtest.MustRun(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-trend rect.bar-submitted")].map(r => r.dataset.value)`))
	if strings.Join(submitted, ",") != "90,110,60" {
		t.Errorf("submitted columns %v, want 90,110,60", submitted)
	}
	// In Persian the bars grow from the right: the first bar ends at the plot's right edge.
	right := webtest.MustRun(t, ctx, chromedp.Evaluate[float64](`(r => r.x.baseVal.value + r.width.baseVal.value)(document.querySelector("#chart-median rect"))`))
	if math.Abs(right-(chartWidth-plotStart)) > 0.5 {
		t.Errorf("RTL bar ends at %v, want %v", right, chartWidth-plotStart)
	}
	webtest.MustScreenshot(t, ctx, dir, "dashboard-fa")
	webtest.MustDo(t, ctx, chromedp.KeyEvent("\t"))
	if f := webtest.MustRun(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`)); f != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", f)
	}

	webtest.MustDo(t, ctx, chromedp.Navigate(srv.URL+"/en"), chromedp.WaitVisible(chromedp.CSS("#chart-median")))
	if d := webtest.MustRun(t, ctx, chromedp.Evaluate[string]("document.documentElement.dir")); d != "ltr" {
		t.Errorf("dir %q, want ltr", d)
	}
	if h := webtest.MustRun(t, ctx, chromedp.Text(chromedp.CSS("#recent-h"))); h != "Services in the last 30 days 6 Aban – 5 Azar 1405" {
		t.Errorf("rolling heading %q", h)
	}
	webtest.MustScreenshot(t, ctx, dir, "dashboard-en")

	for _, tc := range []struct{ number, code, want string }{
		{"1405-AB12CD34", "0A1B2C3D4E5F", "valid"},
		{"۱۴۰۵-ab12cd34", "0a1b2c3d4e5f", "valid"},
		{"1405-AB12CD34", "000000000000", "unknown"},
	} {
		webtest.MustDo(t, ctx, chromedp.Navigate(srv.URL+"/verify"), chromedp.WaitVisible(chromedp.CSS("#number")),
			chromedp.SendKeys(chromedp.CSS("#number"), tc.number), chromedp.SendKeys(chromedp.CSS("#code"), tc.code),
			chromedp.Submit(chromedp.CSS("#code")), chromedp.WaitVisible(chromedp.CSS("#result-status")))
		got := webtest.MustRun(t, ctx, chromedp.AttributeValue(chromedp.CSS("#result-status"), "data-status"))
		if got.Value != tc.want {
			t.Errorf("verify %s/%s: %q, want %q", tc.number, tc.code, got.Value, tc.want)
		}
		if tc.want == "valid" {
			webtest.MustScreenshot(t, ctx, dir, "verify-valid-fa")
		}
	}

	webtest.MustDo(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#chart-median")))
	if overflow := webtest.MustRun(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); overflow {
		t.Error("the page scrolls sideways at phone width")
	}
	webtest.MustScreenshot(t, ctx, dir, "dashboard-phone-fa")
}

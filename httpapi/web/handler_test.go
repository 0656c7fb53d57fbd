package web

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/httpapi"
)

// fakeClock is a settable clock for the rate limiter.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// MustRouter mounts the pages over src on a bare gin engine, as httpapi does.
func MustRouter(tb testing.TB, src Source, cfg Config) *gin.Engine {
	tb.Helper()
	cfg.Source = src
	h, err := New(cfg)
	if err != nil {
		tb.Fatalf("new handler: %v", err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(nil); err != nil { // as httpapi does unless proxies are configured
		tb.Fatal(err)
	}
	h.Register(r)
	return r
}

// get sends one request with the given Accept header (empty: a browser's) and extra header
// name/value pairs.
func get(tb testing.TB, h http.Handler, method, target, accept string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	if accept == "" {
		accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	}
	req.Header.Set("Accept", accept)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func wantBody(tb testing.TB, rec *httptest.ResponseRecorder, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(rec.Body.String(), w) {
			tb.Errorf("body lacks %q", w)
		}
	}
}

func wantNoBody(tb testing.TB, rec *httptest.ResponseRecorder, unwanted ...string) {
	tb.Helper()
	for _, w := range unwanted {
		if strings.Contains(rec.Body.String(), w) {
			tb.Errorf("body has %q", w)
		}
	}
}

func TestDashboard(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{})
	t.Run("is Persian and right to left by default", func(t *testing.T) {
		rec := get(t, r, "GET", "/", "", nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		wantBody(t, rec, `<html lang="fa" dir="rtl">`, "پروانه ساختمانی", "۱٬۲۳۴", "۱۲٫۵", "۸۳٪", "آذر ۱۴۰۵ (تا امروز)", "۱۴۰۵/۰۹/۰۵ ساعت ۱۵:۳۰",
			`href="/en"`, "<main", "<figure>", "<figcaption", `role="img"`, "<table", "منطقه ۵", `<meta name="description"`,
			`<link rel="alternate" hreflang="en" href="http://example.com/en">`, `<link rel="alternate" hreflang="fa" href="http://example.com/">`, `<link rel="alternate" hreflang="x-default" href="http://example.com/">`,
			`href="/docs"`, `href="/methods"`, `rel="license"`)
		wantNoBody(t, rec, "⟦", "1234")
	})
	for _, target := range []string{"/en", "/?lang=en", "/?lang=EN"} {
		t.Run("is English and left to right at "+target, func(t *testing.T) {
			rec := get(t, r, "GET", target, "", nil)
			wantBody(t, rec, `<html lang="en" dir="ltr">`, "Building permit", "1,234", "12.5", "83%", "Azar 1405 (so far)", `href="/"`, "District 3")
			wantNoBody(t, rec, "⟦", "۱")
		})
	}
	t.Run("escapes names from the read model", func(t *testing.T) {
		for _, target := range []string{"/", "/en"} {
			rec := get(t, r, "GET", target, "", nil)
			wantNoBody(t, rec, "<script>alert", "<b>odd")
			wantBody(t, rec, map[string]string{"/": "&lt;script&gt;alert(1)&lt;/script&gt;", "/en": "&lt;b&gt;odd&lt;/b&gt; &amp; co"}[target])
		}
	})
	t.Run("shows hidden cells as hidden, and why", func(t *testing.T) {
		wantBody(t, get(t, r, "GET", "/en", "", nil), `<td data-field="submitted" data-label="Submitted">hidden</td>`, `href="/methods?lang=en#privacy"`)
	})
	t.Run("names every bar's fill in a legend and writes each value at its bar", func(t *testing.T) {
		rec := get(t, r, "GET", "/en", "", nil)
		wantBody(t, rec, "Median past the deadline (hatched)", "Legal deadline (dashed line)", "Waiting on the applicant (brown, dotted)",
			`<text class="value"`, `<pattern id="p-late"`)
		for class := range strings.SplitSeq("bar-ok bar-late bar-share bar-staff bar-applicant bar-submitted bar-decided bar-median bar-reported bar-ruled bar-fees", " ") {
			if strings.Contains(rec.Body.String(), `class="`+class+`"`) && !strings.Contains(rec.Body.String(), `<rect class="`+class+`" width="16" height="16"/>`) {
				t.Errorf("%s is drawn but not in a legend", class)
			}
		}
	})
	t.Run("warns when the figures lag", func(t *testing.T) {
		src := newFakeSource()
		src.dashboard.Freshness = Freshness{Behind: true, Parked: 2}
		rec := get(t, MustRouter(t, src, Config{}), "GET", "/en", "", nil)
		wantBody(t, rec, `id="freshness-warning"`, "behind the latest events", "2 cases are held back")
		wantNoBody(t, get(t, r, "GET", "/en", "", nil), "freshness-warning")
	})
	t.Run("locks the page to its origin", func(t *testing.T) {
		rec := get(t, r, "GET", "/", "", nil)
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("CSP %q", csp)
		}
		if rec.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Error("no Referrer-Policy")
		}
	})
	t.Run("answers JSON to an API client", func(t *testing.T) {
		rec := get(t, r, "GET", "/", "application/json", nil)
		var d Dashboard
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || len(d.Services) != 2 || d.Services[0].Submitted.N != 1234 || !d.Services[1].Submitted.Suppressed {
			t.Fatalf("JSON dashboard %s: %v", rec.Body, err)
		}
	})
}

func TestDashboardOfAnAllSuppressedCity(t *testing.T) {
	t.Parallel()
	src := newFakeSource()
	src.dashboard.Services = src.dashboard.Services[1:] // only the service with nothing published
	src.dashboard.Services[0].Open.WaitingOnStaff = Count{Suppressed: true}
	src.dashboard.Services[0].MedianDays = nil
	rec := get(t, MustRouter(t, src, Config{}), "GET", "/en", "", nil)
	wantBody(t, rec, `<p class="note" id="chart-median">No figure to publish yet`, `<p class="note" id="chart-open">No figure`)
	wantNoBody(t, rec, `<svg class="chart" id="chart-median"`)
}

func TestUnavailableSource(t *testing.T) {
	t.Parallel()
	src := newFakeSource()
	src.err = errTest
	r := MustRouter(t, src, Config{})
	rec := get(t, r, "GET", "/", "application/json", nil)
	wantProblem(t, rec, http.StatusServiceUnavailable, "unavailable")
	rec = get(t, r, "GET", "/", "", nil)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `dir="rtl"`) {
		t.Fatalf("browser got %d: %s", rec.Code, rec.Body)
	}
	wantNoBody(t, rec, errTest.Error())
}

type testError string

func (e testError) Error() string { return string(e) }

const errTest = testError("database password is hunter2")

func wantProblem(tb testing.TB, rec *httptest.ResponseRecorder, status int, code string) {
	tb.Helper()
	if rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
		tb.Fatalf("status %d type %q, want %d problem+json: %s", rec.Code, rec.Header().Get("Content-Type"), status, rec.Body)
	}
	var p httpapi.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Code != code || p.Status != status {
		tb.Fatalf("problem %s, want code %q: %v", rec.Body, code, err)
	}
}

func TestAssets(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{})
	for path, ctype := range map[string]string{"/assets/style.css": "text/css", "/assets/fonts/Vazirmatn-Regular.woff2": "font/woff2"} {
		rec := get(t, r, "GET", path, "", nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), ctype) {
			t.Errorf("%s: status %d type %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	if rec := get(t, r, "GET", "/assets/nope.css", "", nil); rec.Code != http.StatusNotFound {
		t.Errorf("missing asset: status %d", rec.Code)
	}
}

// TestCompression: pages, styles, the icon and open data are gzipped for a client that asks,
// fonts are not (woff2 is compressed already), and a client that does not ask gets plain bytes.
func TestCompression(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{})
	for path, starts := range map[string]string{"/": "<!doctype html>", "/assets/style.css": "/* Shafaf", "/favicon.ico": "<svg",
		"/open-data/aggregates.json": `{"licence"`, "/open-data/permits.csv": "\uFEFFpermit_number", "/robots.txt": "User-agent"} {
		rec := get(t, r, "GET", path, "", nil, "Accept-Encoding", "br, gzip;q=0.8")
		if rec.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Content-Encoding %q, Vary %q", path, rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || !strings.HasPrefix(string(body), starts) {
			t.Errorf("%s: unzipped body starts %.40q (%v)", path, body, err)
		}
		if plain := get(t, r, "GET", path, "", nil); plain.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(plain.Body.String(), starts) {
			t.Errorf("%s without Accept-Encoding: %q %.40q", path, plain.Header().Get("Content-Encoding"), plain.Body.String())
		}
	}
	if rec := get(t, r, "GET", "/assets/fonts/Vazirmatn-Regular.woff2", "", nil, "Accept-Encoding", "gzip"); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("a font is gzipped again")
	}
	if rec := get(t, r, "GET", "/", "", nil, "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still gzipped")
	}
}

package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// TestMethodsAndFees: the method page and the tariff come from the calendar, catalogue and fee
// schedule the system computes with.
func TestMethodsAndFees(t *testing.T) {
	t.Parallel()
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) } // 1405
	r := MustRouter(t, newFakeSource(), Config{Now: now})
	t.Run("the method page lists this year's holidays, each deadline's basis and why numbers hide", func(t *testing.T) {
		for _, target := range []string{"/methods", "/methods?lang=en"} {
			rec := get(t, r, "GET", target, "", nil)
			wantNoBody(t, rec, "⟦")
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d", target, rec.Code)
			}
		}
		rec := get(t, r, "GET", "/methods?lang=en", "", nil)
		wantBody(t, rec, "Nowruz", "1405/01/01", "Weekly day off: Friday", `id="privacy"`, "Counts from 1 to 4 cases", "Nowruz; Eid al-Fitr")
		for _, svc := range catalogue.Default().Services() {
			if svc.Deadline.Source == "cited" {
				wantBody(t, rec, strings.ReplaceAll(svc.Deadline.Citation, "'", "&#39;"))
			}
		}
		wantBody(t, get(t, r, "GET", "/methods", "", nil), "عید نوروز", "جمعه")
	})
	t.Run("the tariff page lists the charges of the schedule in force", func(t *testing.T) {
		s := scheduleInForce(1405)
		if s == nil || s.JalaliYear != 1404 {
			t.Fatalf("in force in 1405: %+v", s)
		}
		if _, ok := fees.ByVersion(s.Version); !ok {
			t.Fatal("not a known version")
		}
		rec := get(t, r, "GET", "/fees?lang=en", "", nil)
		wantNoBody(t, rec, "⟦")
		wantBody(t, rec, s.Version, "5 × P")
		for _, it := range s.Items {
			wantBody(t, rec, `data-code="`+it.Code+`"`)
		}
		wantNoBody(t, get(t, r, "GET", "/fees", "", nil), "⟦")
	})
	t.Run("answers favicon and robots", func(t *testing.T) {
		if rec := get(t, r, "GET", "/favicon.ico", "", nil); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" {
			t.Errorf("favicon: %d %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		rec := get(t, r, "GET", "/robots.txt", "", nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
			t.Errorf("robots: %d %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		wantBody(t, rec, "Disallow: /verify/")
	})
}

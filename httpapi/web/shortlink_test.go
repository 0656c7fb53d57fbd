package web

import (
	"net/http"
	"testing"
	"time"
)

func TestShortLink(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{VerifyBurst: 1000})
	t.Run("sends the reader to /track with the case's number and nothing else", func(t *testing.T) {
		rec := get(t, r, "GET", "/c/h7tne7fcwf", "", nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/track?number=1405-1-00042-1" {
			t.Fatalf("status %d Location %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("headers %v: a link may be cached or leak as a Referer", rec.Header())
		}
	})
	t.Run("a case without a tracking number gets the empty form", func(t *testing.T) {
		if rec := get(t, r, "GET", "/c/38cnw93xut", "", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/track" {
			t.Fatalf("status %d Location %q", rec.Code, rec.Header().Get("Location"))
		}
	})
	t.Run("an unknown token is a 404, as a page or a problem", func(t *testing.T) {
		rec := get(t, r, "GET", "/c/aaaaaaaaaa", "", nil)
		if rec.Code != http.StatusNotFound {
			t.Fatalf("status %d", rec.Code)
		}
		wantBody(t, rec, "صفحه‌ای با این نشانی وجود ندارد")
		wantProblem(t, get(t, r, "GET", "/c/aaaaaaaaaa", "application/json", nil), http.StatusNotFound, "not_found")
	})
}

// Guessing links counts against the same limit as guessing tracking numbers.
func TestShortLinkRateLimit(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)}
	r := MustRouter(t, newFakeSource(), Config{VerifyBurst: 2, VerifyEvery: 5 * time.Second, Now: clock.now})
	for i := range 2 {
		if rec := get(t, r, "GET", "/c/aaaaaaaaaa", "", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("guess %d: status %d", i+1, rec.Code)
		}
	}
	wantProblem(t, get(t, r, "GET", "/c/h7tne7fcwf", "application/json", nil), http.StatusTooManyRequests, "too_many_requests")
	clock.advance(5 * time.Second)
	if rec := get(t, r, "GET", "/c/h7tne7fcwf", "", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("after waiting: status %d", rec.Code)
	}
}

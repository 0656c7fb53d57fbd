package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

func TestTrack(t *testing.T) {
	t.Parallel()
	src := newFakeSource()
	r := MustRouter(t, src, Config{VerifyBurst: 1000})
	track := func(t *testing.T, r http.Handler, number, last4, accept string) []byte {
		t.Helper()
		rec := get(t, r, "GET", "/track?"+url.Values{"number": {number}, "last4": {last4}}.Encode(), accept, nil)
		if accept == "" && rec.Code != http.StatusOK {
			t.Fatalf("%s/%s: status %d", number, last4, rec.Code)
		}
		return rec.Body.Bytes()
	}
	t.Run("shows status, whose move, the Jalali due date and the next step, nothing personal", func(t *testing.T) {
		rec := get(t, r, "GET", "/track?"+url.Values{"number": {"۱۴۰۵۱۰۰۰۴۲۱"}, "last4": {"۰۱۲۳"}}.Encode(), "", nil)
		wantBody(t, rec, `data-status="returned_for_documents"`, "در انتظار مدارک متقاضی", "پروانه ساختمانی",
			`data-party="applicant"`, "۱۴۰۶/۰۷/۰۹", "ارسال مدارک", "۱۴۰۵-۱-۰۰۰۴۲-۱")
		wantNoBody(t, rec, "0123", "۰۱۲۳", "last4=", "پلاک") // the four digits are never echoed, not even in a link
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Error("a case's status may be cached")
		}
		wantBody(t, get(t, r, "GET", "/track?lang=en&number=1405-1-00042-1&last4=0123", "", nil),
			"Waiting for the applicant", "Building permit", "1406/07/09", "Provide the documents")
	})
	t.Run("answers a wrong pair exactly as an unknown number", func(t *testing.T) {
		unknown := newFakeSource()
		unknown.cases = nil
		for _, accept := range []string{"", "application/json"} {
			wrong := track(t, r, "1405-1-00042-1", "9999", accept)
			none := track(t, MustRouter(t, unknown, Config{VerifyBurst: 1000}), "1405-1-00042-1", "9999", accept)
			if !bytes.Equal(wrong, none) {
				t.Errorf("accept %q: a wrong pair and an unknown number differ:\n%s\n%s", accept, wrong, none)
			}
			if accept == "" && !bytes.Contains(wrong, []byte(`data-status="unknown"`)) {
				t.Errorf("no not-found answer: %s", wrong)
			}
		}
	})
	t.Run("names a mistyped check digit", func(t *testing.T) {
		rec := get(t, r, "GET", "/track?"+url.Values{"number": {"1405-1-00042-7"}, "last4": {"0123"}}.Encode(), "", nil)
		if rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d", rec.Code)
		}
		wantBody(t, rec, `role="alert"`, "رقم آخر کد رهگیری با بقیهٔ آن جور نیست")
		wantProblem(t, get(t, r, "GET", "/track?"+url.Values{"number": {"1405-1-00042-7"}, "last4": {"0123"}}.Encode(), "application/json", nil),
			http.StatusBadRequest, "invalid")
	})
	t.Run("refuses malformed input", func(t *testing.T) {
		for _, in := range [][2]string{{"", "0123"}, {"1405-1-00042-1", ""}, {"1405-1-00042-1", "012"}, {"1405-1-00042-1", "01234"},
			{"1405-1-00042-1", "abcd"}, {"<script>", "0123"}} {
			rec := get(t, r, "GET", "/track?"+url.Values{"number": {in[0]}, "last4": {in[1]}}.Encode(), "", nil)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("%q: status %d", in, rec.Code)
			}
			wantBody(t, rec, `role="alert"`, "درست وارد نشده است")
			wantNoBody(t, rec, "<script>")
		}
	})
	t.Run("the form links from every page", func(t *testing.T) {
		wantBody(t, get(t, r, "GET", "/", "", nil), `href="/track"`)
		wantBody(t, get(t, r, "GET", "/track?lang=en", "", nil), `aria-current="page">Track a case`)
	})
}

func TestTrackRateLimit(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)}
	r := MustRouter(t, newFakeSource(), Config{VerifyBurst: 2, VerifyEvery: 5 * time.Second, Now: clock.now})
	guess := func(accept string) *httptest.ResponseRecorder {
		return get(t, r, "GET", "/track?"+url.Values{"number": {"1405-1-00042-1"}, "last4": {"1111"}}.Encode(), accept, nil)
	}
	for i := range 2 {
		if rec := guess(""); rec.Code != http.StatusOK {
			t.Fatalf("guess %d: status %d", i+1, rec.Code)
		}
	}
	rec := guess("application/json")
	wantProblem(t, rec, http.StatusTooManyRequests, "too_many_requests")
	if rec.Header().Get("Retry-After") != "5" {
		t.Errorf("Retry-After %q, want 5", rec.Header().Get("Retry-After"))
	}
	if rec := guess(""); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("browser: status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	clock.advance(5 * time.Second)
	if rec := guess(""); rec.Code != http.StatusOK {
		t.Errorf("after waiting: status %d", rec.Code)
	}
}

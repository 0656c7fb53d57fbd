package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{VerifyBurst: 1000})
	for _, tc := range []struct {
		name, number, code string
		want               CertificateStatus
		page               []string // what the Persian page must say
	}{
		{"says valid with service, dates, district, the plot and the holder's role", "1405-AB12CD34", "0a1b2c3d4e5f", StatusValid,
			[]string{"معتبر است", "پروانه ساختمانی", "۱۴۰۵/۰۷/۰۹", "منطقه ۳", "پلاک ثبتی ملک", "۱۶۱۷/۷۲</span>، بخش ۳", "مالک ثبتی همین پلاک", "کد تأیید"}},
		{"accepts Persian digits, spaces and any letter case", " ۱۴۰۵-ab12cd34 ", "0A1B 2C3D 4E5F", StatusValid, []string{"معتبر است"}},
		{"says revoked", "1405-REVOKED1", "123456789abc", StatusRevoked, []string{"ابطال شده است"}},
		{"says expired", "1404-EXPIRED1", "cafebabe0000", StatusExpired, []string{"منقضی شده است"}},
		{"says unknown for a wrong code", "1405-AB12CD34", "ffffffffffff", StatusUnknown, []string{"یافت نشد"}},
		{"says unknown for an unknown number", "1405-00000000", "0a1b2c3d4e5f", StatusUnknown, []string{"یافت نشد"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, r, "POST", "/verify", "", url.Values{"number": {tc.number}, "code": {tc.code}})
			if rec.Code != http.StatusOK {
				t.Fatalf("form: status %d", rec.Code)
			}
			wantBody(t, rec, append(tc.page, `data-status="`+string(tc.want)+`"`)...)
			if tc.want == StatusUnknown {
				wantNoBody(t, rec, "پروانه ساختمانی")
			}
			rec = get(t, r, "GET", "/verify/"+url.PathEscape(tc.number)+"?c="+url.QueryEscape(tc.code), "application/json", nil)
			var v Verification
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.Status != tc.want {
				t.Fatalf("QR link as JSON: %d %s (%v)", rec.Code, rec.Body, err)
			}
			if tc.want == StatusUnknown && (v.District != "" || v.Service.Fa != "" || !v.Issued.IsZero()) {
				t.Errorf("unknown answer tells more than the status: %s", rec.Body)
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Error("a verification answer may be cached")
			}
		})
	}
	t.Run("answers in English", func(t *testing.T) {
		rec := get(t, r, "GET", "/verify/1405-AB12CD34?c=0a1b2c3d4e5f&lang=en", "", nil)
		wantBody(t, rec, `dir="ltr"`, "Valid", "Building permit", "District 3", "1405/07/09", "Registered plot", "1617/72</span>, section 3")
		wantBody(t, rec, `href="/verify/1405-AB12CD34?c=0a1b2c3d4e5f"`) // the switch keeps the code
	})
	t.Run("refuses malformed input", func(t *testing.T) {
		for _, in := range [][2]string{{"", "0a1b2c3d4e5f"}, {"1405-AB12CD34", ""}, {"<script>", "0a1b2c3d4e5f"}, {strings.Repeat("9", 40), "abcd"}} {
			rec := get(t, r, "POST", "/verify", "", url.Values{"number": {in[0]}, "code": {in[1]}})
			if rec.Code != http.StatusBadRequest {
				t.Errorf("%q: status %d", in, rec.Code)
			}
			wantBody(t, rec, `role="alert"`)
			wantNoBody(t, rec, "<script>")
			if in[0] != "" { // the QR route needs a number to match at all
				wantProblem(t, get(t, r, "GET", "/verify/"+url.PathEscape(in[0])+"?c="+url.QueryEscape(in[1]), "application/json", nil),
					http.StatusBadRequest, "invalid")
			}
		}
	})
}

func TestVerifyRateLimit(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)}
	r := MustRouter(t, newFakeSource(), Config{VerifyBurst: 3, VerifyEvery: 10 * time.Second, Now: clock.now})
	guess := func() int {
		return get(t, r, "GET", "/verify/1405-AB12CD34?c=000000000000", "application/json", nil).Code
	}
	for i := range 3 {
		if code := guess(); code != http.StatusOK {
			t.Fatalf("guess %d: status %d", i+1, code)
		}
	}
	t.Run("answers 429 problem+json with Retry-After to an API client", func(t *testing.T) {
		rec := get(t, r, "GET", "/verify/1405-AB12CD34?c=000000000000", "application/json", nil)
		wantProblem(t, rec, http.StatusTooManyRequests, "too_many_requests")
		if rec.Header().Get("Retry-After") != "10" {
			t.Errorf("Retry-After %q, want 10", rec.Header().Get("Retry-After"))
		}
	})
	t.Run("answers a friendly page to a browser", func(t *testing.T) {
		rec := get(t, r, "POST", "/verify", "", url.Values{"number": {"1405-AB12CD34"}, "code": {"0a1b2c3d4e5f"}})
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		wantBody(t, rec, `dir="rtl"`, "تعداد استعلام‌های شما از حد مجاز گذشته است", `<span id="retry-after">`+Fa.Digits(rec.Header().Get("Retry-After"))+`</span>`)
		wantNoBody(t, rec, "دقیقه") // the wait is in seconds, as Retry-After says
		wantNoBody(t, get(t, r, "POST", "/verify?lang=en", "", url.Values{"number": {"1405-AB12CD34"}, "code": {"0a1b2c3d4e5f"}, "lang": {"en"}}), "minute")
	})
	t.Run("ignores a forged X-Forwarded-For", func(t *testing.T) {
		rec := get(t, r, "GET", "/verify/1405-AB12CD34?c=000000000000", "application/json", nil, "X-Forwarded-For", "203.0.113.9")
		if rec.Code != http.StatusTooManyRequests {
			t.Errorf("a forged address got status %d", rec.Code)
		}
	})
	t.Run("lets the client in again once a token is back", func(t *testing.T) {
		clock.advance(10 * time.Second)
		if code := guess(); code != http.StatusOK {
			t.Fatalf("after waiting: status %d", code)
		}
	})
	t.Run("never limits the form itself", func(t *testing.T) {
		if rec := get(t, r, "GET", "/verify", "", nil); rec.Code != http.StatusOK {
			t.Fatalf("form: status %d", rec.Code)
		}
	})
}

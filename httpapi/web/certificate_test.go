package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
)

func TestPrintableCertificate(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{VerifyBurst: 1000, PublicURL: "https://shafaf.example.ir/"})
	t.Run("states the facts in Persian with Jalali dates, the code and the absolute verify link", func(t *testing.T) {
		rec := get(t, r, "GET", "/certificates/1405-AB12CD34?c=0a1b2c3d4e5f", "", nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		wantBody(t, rec, `lang="fa" dir="rtl"`, `data-status="valid"`, "جمهوری اسلامی ایران", "شهرداری منطقه ۳",
			"پروانه: پروانه ساختمانی", `id="cert-number">1405-AB12CD34`, "۱۶۱۷/۷۲</span>، بخش ۳", `data-fact="land_use">مسکونی`,
			`data-fact="floors">۴`, `data-fact="area">۴۲۰٫۵ متر مربع`, "۱۴۰۵/۰۷/۰۹", "۱۴۰۶/۰۷/۰۹", "مالک ثبتی همین پلاک",
			`id="cert-code">0a1b2c3d4e5f`, `id="cert-url">https://shafaf.example.ir/verify/1405-AB12CD34?c=0a1b2c3d4e5f`, "<svg ", "<path d=\"M")
		wantNoBody(t, rec, `id="cert-void"`)
		if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("a page carrying a verification code may be cached or leak in a Referer: %v", rec.Header())
		}
	})
	t.Run("marks a revoked and an expired document", func(t *testing.T) {
		wantBody(t, get(t, r, "GET", "/certificates/1405-REVOKED1?c=123456789abc", "", nil), `id="cert-void"`, "ابطال شده است و اعتبار ندارد", "بدون تاریخ انقضا")
		wantBody(t, get(t, r, "GET", "/certificates/1404-EXPIRED1?c=cafebabe0000&lang=en", "", nil), `id="cert-void"`, "This document has expired.", "Certificate: Building permit")
	})
	t.Run("an unknown number, a wrong or missing code are the site's 404 alike", func(t *testing.T) {
		var pages []string
		for _, target := range []string{"/certificates/1405-00000000?c=0a1b2c3d4e5f", "/certificates/1405-AB12CD34?c=ffffffffffff",
			"/certificates/1405-AB12CD34", "/certificates/%3Cscript%3E?c=0a1b2c3d4e5f"} {
			rec := get(t, r, "GET", target, "", nil)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s: status %d", target, rec.Code)
			}
			wantBody(t, rec, "صفحه‌ای با این نشانی وجود ندارد")
			wantNoBody(t, rec, "پروانه ساختمانی", "<script>")
			pages = append(pages, rec.Body.String())
			wantProblem(t, get(t, r, "GET", target, "application/json", nil), http.StatusNotFound, "not_found")
		}
		// The page's own links (the language switch) name the address asked, the one difference.
		if strings.ReplaceAll(pages[0], "1405-00000000?c=0a1b2c3d4e5f", "") != strings.ReplaceAll(pages[1], "1405-AB12CD34?c=ffffffffffff", "") {
			t.Error("a wrong code answers differently from an unknown number")
		}
	})
	t.Run("the verify answer links to the printable copy", func(t *testing.T) {
		wantBody(t, get(t, r, "GET", "/verify/1405-AB12CD34?c=0a1b2c3d4e5f", "", nil),
			`id="print-link" href="/certificates/1405-AB12CD34?c=0a1b2c3d4e5f"`, `data-fact="area">۴۲۰٫۵ متر مربع`)
		wantBody(t, get(t, r, "GET", "/verify/1405-AB12CD34?c=0a1b2c3d4e5f&lang=en", "", nil),
			`id="print-link" href="/certificates/1405-AB12CD34?c=0a1b2c3d4e5f&amp;lang=en"`)
	})
	t.Run("without a configured public address the link is the one the page was asked at", func(t *testing.T) {
		rec := get(t, MustRouter(t, newFakeSource(), Config{}), "GET", "/certificates/1405-AB12CD34?c=0a1b2c3d4e5f", "", nil)
		wantBody(t, rec, `id="cert-url">http://example.com/verify/1405-AB12CD34?c=0a1b2c3d4e5f`)
	})
}

// TestEveryLandUseHasANameAndEveryFactALabel keeps the page's words in step with the
// catalogue's kinds of document, the fee schedule's land uses and the facts the source states.
func TestEveryLandUseHasANameAndEveryFactALabel(t *testing.T) {
	t.Parallel()
	kinds := []string{"document"} // what a service that names no kind issues
	for _, svc := range catalogue.Default().Services() {
		if svc.Issues != nil {
			kinds = append(kinds, svc.Issues.Document)
		}
	}
	for _, kind := range kinds {
		if _, ok := messages["doc."+kind]; !ok {
			t.Errorf("the kind of document %q has no name (messages doc.%s)", kind, kind)
		}
	}
	for _, use := range fees.Uses {
		if _, ok := messages["use."+use]; !ok {
			t.Errorf("land use %q has no name (messages use.%s)", use, use)
		}
	}
	for _, f := range newFakeSource().certs["1405-AB12CD34"].v.Facts {
		if _, ok := messages["fact."+f.Key]; !ok {
			t.Errorf("fact %q has no label", f.Key)
		}
	}
}

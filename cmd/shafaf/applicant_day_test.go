package main

import (
	"context"
	"html"
	"image"
	"image/color"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/certificates"
)

// TestAnApplicantFollowsACaseToAPrintedCertificate is the applicant's day of issue #17: they
// submit a building permit online, follow it by its tracking number in the API and on /track
// while the district's staff, each in their own role, take it to issuance, and then open the
// printable certificate the case links to: it states what was permitted, in Persian with
// Jalali dates, holds nothing personal, and its QR code leads to a valid /verify answer.
func TestAnApplicantFollowsACaseToAPrintedCertificate(t *testing.T) {
	app := MustOpenApp(t)
	as := func(actor string) client { return client{tb: t, base: app.URL(), actor: actor} }
	applicant, public := as("applicant:3974017844"), as("")
	clerk, inspector, supervisor := as("clerk:clerk-3-1"), as("inspector:inspector-3-1"), as("supervisor:supervisor-3")

	r := applicant.post("/v1/cases", map[string]any{"service": "permit.new", "channel": "online", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{1617}},
		"applicant": map[string]any{"name": "سارا احمدی", "national_id": "3974017844", "phone": "09141234567", "address": "خیابان آزادی، پلاک ۱۲"}})
	wantStatus(t, r, http.StatusCreated)
	var last commandResult
	r.json(t, &last)
	id := last.CaseID
	byNumber := func(number string) printableCase {
		t.Helper()
		r := applicant.get("/v1/cases/by-number/" + url.PathEscape(number) + "?after=" + last.Position)
		wantStatus(t, r, http.StatusOK)
		var c printableCase
		r.json(t, &c)
		return c
	}
	r = applicant.get("/v1/me/cases?after=" + last.Position) // where the applicant reads their tracking number
	wantStatus(t, r, http.StatusOK)
	var mine struct{ Items []printableCase }
	r.json(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].TrackingNumber == "" {
		t.Fatalf("the applicant's cases: %s", r.body)
	}
	c := byNumber(mine.Items[0].TrackingNumber)
	if c.ID != id || c.Status != "submitted" || c.CertificateURL != "" {
		t.Fatalf("the applicant's case by number: %+v", c)
	}
	// The public page shows what the API shows, once the read model has the last step.
	tracked := func(want string) {
		t.Helper()
		if got := byNumber(c.TrackingNumber).Status; got != want {
			t.Fatalf("the case is %s, want %s", got, want)
		}
		r := public.get("/track?" + url.Values{"number": {c.TrackingNumber}, "last4": {"7844"}}.Encode())
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(string(r.body), `data-status="`+want+`"`) {
			t.Errorf("/track does not show the case %s", want)
		}
	}
	tracked("submitted")

	step := func(by client, action string, body any) {
		t.Helper()
		r := by.post("/v1/cases/"+id+"/"+action, body)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &last)
	}
	step(clerk, "accept", map[string]any{"note": "file complete"})
	step(clerk, "assign", map[string]any{"assignee": "clerk-3-1", "department": "district-3"})
	step(supervisor, "schedule-inspection", map[string]any{"inspector": "inspector-3-1", "on": time.Now().Add(24 * time.Hour)})
	step(inspector, "record-inspection", map[string]any{"findings": "as drawn", "measured_area_dm2": 30000, "violation_found": false})
	tracked("inspected")
	step(inspector, "record-review", map[string]any{"summary": "drawings comply"})
	step(clerk, "assess-fee", map[string]any{"inputs": feeInputs("residential")})
	owed := byNumber(c.TrackingNumber).FeeTotal
	step(supervisor, "decision", approval)
	step(clerk, "record-payment", payment(owed, "bank-1"))
	step(clerk, "issue", nil)

	c = byNumber(c.TrackingNumber)
	if c.Status != "issued" || c.Certificate == "" || c.Code == "" || c.ValidUntil.Jalali == "" {
		t.Fatalf("the issued case: %+v", c)
	}
	if want := "/certificates/" + c.Certificate + "?c=" + c.Code; c.CertificateURL != want {
		t.Fatalf("certificate_url %q, want %q", c.CertificateURL, want)
	}
	tracked("issued")

	page := printed(t, app, public, c.CertificateURL)
	issued := jalali.Format(time.Now(), jalali.Persian) // a run across Tehran's midnight may read the day after
	for _, s := range []string{`data-status="valid"`, "جمهوری اسلامی ایران", "شهرداری منطقه ۳", "پروانه: صدور پروانه ساختمانی (احداث بنا)",
		`id="cert-number">` + c.Certificate, `data-fact="plot"><span dir="ltr">۱۶۱۷/۷۲</span>، بخش ۳`, `data-fact="land_use">مسکونی`,
		`data-fact="floors">۲`, `data-fact="area">۳۰۰ متر مربع`, `id="cert-code">` + c.Code, c.ValidUntil.Jalali} {
		if !strings.Contains(page, s) {
			t.Errorf("the printed certificate lacks %q", s)
		}
	}
	if !strings.Contains(page, `data-fact="issued"`) || !strings.Contains(page, ">"+issued+"</time>") {
		t.Errorf("the printed certificate lacks the issue date %s", issued)
	}
	for _, s := range []string{"سارا", "احمدی", "3974017844", persianDigits("3974017844"), "09141234567", "آزادی", id} {
		if strings.Contains(page, s) {
			t.Errorf("the public certificate shows %q", s)
		}
	}
	link := decodePageQR(t, page)
	if want := app.URL() + "/verify/" + c.Certificate + "?c=" + c.Code; link != want {
		t.Fatalf("the QR code reads %q, want %q", link, want)
	}
	if shown := html.UnescapeString(regexp.MustCompile(`id="cert-url">([^<]*)<`).FindStringSubmatch(page)[1]); shown != link {
		t.Errorf("the printed link %q is not the QR code's %q", shown, link)
	}
	r = public.get(strings.TrimPrefix(link, app.URL()))
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.body), `data-status="valid"`) || !strings.Contains(string(r.body), `id="print-link"`) {
		t.Errorf("the QR link does not answer valid with a link back to the printable copy")
	}

	step(supervisor, "revoke", map[string]any{"reason": "issued on a forged deed"})
	if page := printed(t, app, public, c.CertificateURL); !strings.Contains(page, `data-status="revoked"`) || !strings.Contains(page, `id="cert-void"`) {
		t.Errorf("the revoked certificate is not marked so")
	}
	wantStatus(t, public.get("/certificates/"+c.Certificate+"?c=000000000000"), http.StatusNotFound)
}

// printableCase is what the applicant's case says of its certificate.
type printableCase struct {
	ID             string `json:"id"`
	TrackingNumber string `json:"tracking_number"`
	Status         string `json:"status"`
	FeeTotal       int64  `json:"fee_total"`
	Certificate    string `json:"certificate_number"`
	Code           string `json:"verification_code"`
	CertificateURL string `json:"certificate_url"`
	ValidUntil     struct {
		Jalali string `json:"jalali"`
	} `json:"valid_until_date"`
}

// printed is the printable certificate at link, a path on the public site, once the
// certificate register has every event so far: public pages do not wait for a writer's position.
func printed(t *testing.T, app *App, public client, link string) string {
	t.Helper()
	ctx := context.Background()
	head, err := app.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.runtime.WaitFor(ctx, certificates.Name, head); err != nil {
		t.Fatal(err)
	}
	r := public.get(link)
	wantStatus(t, r, http.StatusOK)
	return string(r.body)
}

var qrModule = regexp.MustCompile(`M(\d+),(\d+)h1v1h-1z`)

// decodePageQR draws the page's QR code (an SVG path of unit squares) into an image and reads
// it with ZXing, a decoder independent of the library that drew it.
func decodePageQR(t *testing.T, page string) string {
	t.Helper()
	const scale = 4
	svg := page[strings.Index(page, `id="cert-qr"`):]
	svg = svg[:strings.Index(svg, "</svg>")]
	size, err := strconv.Atoi(regexp.MustCompile(`viewBox="0 0 (\d+) `).FindStringSubmatch(svg)[1])
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, m := range qrModule.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		for dy := range scale {
			for dx := range scale {
				img.SetGray(x*scale+dx, y*scale+dy, color.Gray{})
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode the page's QR code: %v", err)
	}
	return res.GetText()
}

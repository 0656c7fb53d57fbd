package web

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/shafaf-city/shafaf/httpapi/web/webtest"
)

// A4 is the sheet in PostScript points; Chromium rounds the page box to whole CSS pixels.
const a4Width, a4Height, a4Slack = 595.28, 841.89, 2.0

// printableCertificate prints the certificate page to PDF as Chromium's print dialog would
// with the page's own @page size, and checks it is one A4 sheet; then it reads the QR code
// the printed page shows with an independent decoder and follows it to the verify answer.
func printableCertificate(t *testing.T, ctx context.Context, base, dir string) {
	const number, code = "1405-AB12CD34", "0a1b2c3d4e5f"
	for name, path := range map[string]string{"valid-fa": "/certificates/" + number + "?c=" + code,
		"revoked-en": "/certificates/1405-REVOKED1?c=123456789abc&lang=en"} {
		webtest.MustDo(t, ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("#certificate")))
		pdf := webtest.MustRun(t, ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		if err := os.WriteFile(filepath.Join(dir, "certificate-"+name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		pages, w, h := pdfPages(t, pdf)
		if pages != 1 || math.Abs(w-a4Width) > a4Slack || math.Abs(h-a4Height) > a4Slack {
			t.Errorf("%s prints as %d pages of %.1f×%.1f pt, want one A4 page (%.1f×%.1f)", path, pages, w, h, a4Width, a4Height)
		}
	}

	webtest.MustDo(t, ctx, chromedp.Navigate(base+"/certificates/"+number+"?c="+code), chromedp.WaitReady(chromedp.CSS("#cert-qr svg")),
		setMedia("print"))
	if shown := webtest.MustRun(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.site")).display`)); shown != "none" {
		t.Errorf("the site's navigation prints (display %q)", shown)
	}
	shot := webtest.MustRun(t, ctx, chromedp.ScreenshotScale(chromedp.CSS("#cert-qr"), 3))
	webtest.MustDo(t, ctx, setMedia(""))
	if err := os.WriteFile(filepath.Join(dir, "certificate-qr.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	got := decodeQR(t, shot)
	if want := base + "/verify/" + number + "?c=" + code; got != want {
		t.Fatalf("the QR code reads %q, want %q", got, want)
	}
	webtest.MustDo(t, ctx, chromedp.Navigate(got), chromedp.WaitVisible(chromedp.CSS("#result-status")))
	if st := webtest.MustRun(t, ctx, chromedp.AttributeValue(chromedp.CSS("#result-status"), "data-status")); st.Value != "valid" {
		t.Errorf("following the QR code answers %q, want valid", st.Value)
	}
}

// setMedia makes the page lay out as for print, or as for the screen again with "".
func setMedia(media string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return chromedp.Void{}, err
	}
}

var (
	pdfCount    = regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)`)
	pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)
)

// pdfPages reads the page count and the first page's size from the page tree, which
// Chromium writes uncompressed.
func pdfPages(t *testing.T, pdf []byte) (n int, w, h float64) {
	t.Helper()
	c, box := pdfCount.FindSubmatch(pdf), pdfMediaBox.FindSubmatch(pdf)
	if c == nil || box == nil {
		t.Fatalf("no page tree or media box in the %d-byte PDF", len(pdf))
	}
	n, _ = strconv.Atoi(string(c[1]))
	w, _ = strconv.ParseFloat(string(box[1]), 64)
	h, _ = strconv.ParseFloat(string(box[2]), 64)
	return n, w, h
}

// decodeQR reads the QR code in a PNG with ZXing's decoder, not the library that drew it.
func decodeQR(t *testing.T, shot []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("decode the QR code: %v", err)
	}
	return res.GetText()
}

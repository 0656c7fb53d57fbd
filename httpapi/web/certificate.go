package web

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	goqr "github.com/piglig/go-qr"

	"github.com/shafaf-city/shafaf/projections/certificates"
)

// certificatePage is the printable certificate: what the register states of it, the
// verification code and the QR code that holds the link /verify answers.
type certificatePage struct {
	page
	Cert      Verification
	Code      string
	VerifyURL string
	QR        template.HTML
}

// certificate is GET /certificates/{number}?c=CODE, the page a holder prints for a bank or a
// notary. It asks the same check as /verify: the code is the holder's proof (the register
// keeps only its hash, so the page could not print it otherwise, and numbers are not unique),
// and without it, or with a wrong one, the number is as unknown as one never issued. It shows
// only what the certificate states: no name, national ID or address.
func (h *Handler) certificate(c *gin.Context) {
	l := lang(c)
	if ok, wait := h.limit.allow(clientIP(c)); !ok {
		h.fail(c, l, http.StatusTooManyRequests, "too_many_requests", "too many verification attempts from this address", wait)
		return
	}
	in, ok := parseVerifyInput(c.Param("number"), c.Query("c"))
	var v Verification
	if ok {
		var err error
		if v, err = h.cfg.Source.Verify(c.Request.Context(), in.Number, in.Code); err != nil {
			h.unavailable(c, l, err)
			return
		}
	}
	if !ok || v.Status == StatusUnknown {
		h.fail(c, l, http.StatusNotFound, "not_found", "no certificate has this number and verification code", 0)
		return
	}
	p := certificatePage{page: newPage(l, c.Request, "certificate", "cert.title"), Cert: v, Code: in.Code,
		VerifyURL: h.links(c).Verify(v.Number, in.Code)}
	p.Title = l.T("doc."+v.Document) + " " + l.Digits(v.Number)
	qr, err := qrSVG(p.VerifyURL)
	if err != nil {
		h.unavailable(c, l, err)
		return
	}
	p.QR = qr
	c.Header("Cache-Control", "no-store")
	h.render(c, http.StatusOK, "certificate", p)
}

// links are the certificate links of the configured public site, or of the address the page
// was asked at when none is configured.
func (h *Handler) links(c *gin.Context) certificates.Links {
	if h.cfg.PublicURL != "" {
		return certificates.Links{Base: h.cfg.PublicURL}
	}
	return certificates.Links{Base: origin(c.Request)}
}

// printLink is the printable page of a certificate in the reader's language, a link within
// the site.
func printLink(l Lang, number, code string) string {
	link := certificates.Links{}.Print(number, code)
	if l == En {
		link += "&" + url.Values{"lang": {"en"}}.Encode()
	}
	return link
}

// qrSVG draws text as a QR code in an inline SVG: the pages' Content-Security-Policy admits
// images from the site only, not data: URIs. Medium error correction survives a crease or a
// smudge on paper; the quiet zone is the standard's four modules.
func qrSVG(text string) (template.HTML, error) {
	q, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		return "", err
	}
	svg, err := q.ToSVGBytes(goqr.NewQrCodeImgConfig(1, 4))
	if err != nil {
		return "", err
	}
	return template.HTML(svg), nil // the library's own markup: a rect and a path of numbers
}

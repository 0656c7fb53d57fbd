package web

import (
	"net"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/httpapi"
)

// verifyPage is the form, with the answer under it once a check has run.
type verifyPage struct {
	page
	Input   verifyInput
	Invalid bool
	Result  *Verification
	// PrintURL is the printable copy of the document the check found.
	PrintURL string
}

func (h *Handler) verifyForm(c *gin.Context) {
	l := lang(c)
	h.render(c, http.StatusOK, "verify", verifyPage{page: newPage(l, c.Request, "verify", "verify.title")})
}

// verifyPost answers the form. POST keeps the code out of browser history and server logs.
func (h *Handler) verifyPost(c *gin.Context) {
	h.verify(c, c.PostForm("number"), c.PostForm("code"))
}

// verifyLink answers the QR code printed on a certificate.
func (h *Handler) verifyLink(c *gin.Context) {
	h.verify(c, c.Param("number"), c.Query("c"))
}

// verify runs one rate-limited check. A malformed input costs a token like any other guess.
func (h *Handler) verify(c *gin.Context, number, code string) {
	l := lang(c)
	if ok, wait := h.limit.allow(clientIP(c)); !ok {
		h.fail(c, l, http.StatusTooManyRequests, "too_many_requests", "too many verification attempts from this address", wait)
		return
	}
	p := verifyPage{page: newPage(l, c.Request, "verify", "verify.title")}
	in, ok := parseVerifyInput(number, code)
	p.Input = in
	if !ok {
		if wantsJSON(c) {
			h.fail(c, l, http.StatusBadRequest, "invalid", "the number or the verification code is malformed", 0)
			return
		}
		p.Invalid = true
		h.render(c, http.StatusBadRequest, "verify", p)
		return
	}
	v, err := h.cfg.Source.Verify(c.Request.Context(), in.Number, in.Code)
	if err != nil {
		h.unavailable(c, l, err)
		return
	}
	if v.Status == StatusUnknown {
		v = Verification{Status: StatusUnknown, Number: in.Number} // nothing more, whatever the source said
	}
	c.Header("Cache-Control", "no-store")
	if wantsJSON(c) {
		httpapi.JSON(c, http.StatusOK, v)
		return
	}
	p.Result = &v
	if v.Status != StatusUnknown {
		p.PrintURL = printLink(l, v.Number, in.Code)
	}
	h.render(c, http.StatusOK, "verify", p)
}

// clientIP is the address the limit applies to, as the router reports it: httpapi trusts
// X-Forwarded-For only from its configured proxies (none by default), so a client cannot pick
// a fresh address per guess with a forged header.
func clientIP(c *gin.Context) string {
	ip := c.ClientIP()
	if parsed := net.ParseIP(ip); parsed != nil && parsed.To4() == nil {
		// One IPv6 subscriber usually holds a whole /64: limit the prefix, not the address.
		return parsed.Mask(net.CIDRMask(64, 128)).String()
	}
	return ip
}

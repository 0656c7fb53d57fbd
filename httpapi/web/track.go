package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/tracking"
	"github.com/shafaf-city/shafaf/httpapi"
)

// trackPage is the /track form, with the answer under it once a lookup has run.
type trackPage struct {
	page
	Number  string // as typed, to refill the form; the last four digits are never echoed
	Invalid string // the messages key saying what is wrong with the input, if anything
	Looked  bool
	Result  *CaseStatus // nil after a lookup: no case matches the pair
}

// track is the form, and its answer once the query carries a number or four digits. A GET,
// so the edge normalises both inputs like every query parameter; the page sends no Referer
// and is never cached, and only the citizen's own browser history keeps the four digits.
func (h *Handler) track(c *gin.Context) {
	if c.Query("number") == "" && c.Query("last4") == "" {
		h.render(c, http.StatusOK, "track", trackPage{page: newPage(lang(c), c.Request, "track", "track.title")})
		return
	}
	l := lang(c)
	if ok, wait := h.limit.allow(clientIP(c)); !ok {
		h.fail(c, l, http.StatusTooManyRequests, "too_many_requests", "too many lookups from this address", wait)
		return
	}
	p := trackPage{page: newPage(l, withoutLast4(c.Request), "track", "track.title"), Number: squeeze(c.Query("number"))}
	number, last4, invalid := parseTrackInput(c.Query("number"), c.Query("last4"))
	if invalid != "" {
		if wantsJSON(c) {
			h.fail(c, l, http.StatusBadRequest, "invalid", En.T(invalid), 0)
			return
		}
		p.Invalid = invalid
		h.render(c, http.StatusBadRequest, "track", p)
		return
	}
	st, found, err := h.cfg.Source.Track(c.Request.Context(), number, last4)
	if err != nil {
		h.unavailable(c, l, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	if wantsJSON(c) {
		if !found {
			h.fail(c, l, http.StatusNotFound, "not_found", En.T("track.unknown"), 0)
			return
		}
		httpapi.JSON(c, http.StatusOK, st)
		return
	}
	p.Looked = true
	if found {
		p.Number, p.Result = number, &st
	}
	h.render(c, http.StatusOK, "track", p)
}

// withoutLast4 is r without the four digits in its query, for the page's own links (the
// language switch, hreflang): they refill the number, and the digits are typed again.
func withoutLast4(r *http.Request) *http.Request {
	r = r.Clone(r.Context())
	q := r.URL.Query()
	q.Del("last4")
	r.URL.RawQuery = q.Encode()
	return r
}

// parseTrackInput reads the tracking number (any digits, with or without dashes) into its
// printed form and the last four digits of the national ID. invalid is the messages key of
// the first problem: a mistyped check digit is named as such, since the citizen can fix it.
func parseTrackInput(number, last4 string) (n, l4, invalid string) {
	if len(number) > 4*maxNumberLen || len(last4) > 4*maxCodeLen {
		return "", "", "track.invalid"
	}
	parsed, err := tracking.Parse("number", number)
	var de *domain.Error
	if errors.As(err, &de) && len(de.Fields) > 0 && de.Fields[0].Code == "check_digit" {
		return "", "", "track.check_digit"
	}
	l4 = squeeze(last4)
	if err != nil || len(l4) != 4 || strings.Trim(l4, "0123456789") != "" {
		return "", "", "track.invalid"
	}
	return parsed.String(), l4, ""
}

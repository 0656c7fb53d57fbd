package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain/tracking"
)

// LinkResolver finds the reference of the case a short-link token belongs to
// (outbox.Links): its tracking number, or the short id of a case older than numbers.
type LinkResolver interface {
	Resolve(ctx context.Context, token string) (ref string, found bool, err error)
}

// ShortLink answers /c/{token} from the outbox's links; number is empty for a case older
// than tracking numbers, which /track cannot show.
func (m *ReadModels) ShortLink(ctx context.Context, token string) (number string, found bool, err error) {
	if m.Links == nil {
		return "", false, nil
	}
	ref, found, err := m.Links.Resolve(ctx, token)
	if !found || err != nil {
		return "", false, err
	}
	if n, err := tracking.Parse("number", ref); err == nil {
		number = n.String()
	}
	return number, true, nil
}

// shortLink is /c/{token}, the link of the texts the city sends: it sends the reader on to
// /track with the case's tracking number filled in, and the form still asks for the last four
// digits of the national ID. Tokens are random per case (outbox.Links), so one link tells
// nothing about another; an unknown token and a malformed one get the same 404, and guesses
// count against the lookup limit /track and /verify share.
func (h *Handler) shortLink(c *gin.Context) {
	l := lang(c)
	if ok, wait := h.limit.allow(clientIP(c)); !ok {
		h.fail(c, l, http.StatusTooManyRequests, "too_many_requests", "too many lookups from this address", wait)
		return
	}
	number, found, err := h.cfg.Source.ShortLink(c.Request.Context(), c.Param("token"))
	if err != nil {
		h.unavailable(c, l, err)
		return
	}
	if !found {
		h.fail(c, l, http.StatusNotFound, "not_found", "no case has this link", 0)
		return
	}
	target := "/track"
	if number != "" {
		target += "?" + url.Values{"number": {number}}.Encode()
	}
	c.Header("Cache-Control", "no-store")
	securityHeaders(c)
	c.Redirect(http.StatusSeeOther, target)
}

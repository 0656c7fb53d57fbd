package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/httpapi"
)

// wantsJSON reports whether the client prefers JSON to HTML: browsers ask for text/html,
// curl's */* gets the page, API clients name application/json.
func wantsJSON(c *gin.Context) bool {
	return c.NegotiateFormat(gin.MIMEHTML, gin.MIMEJSON, "application/problem+json") != gin.MIMEHTML
}

// fail answers an error: the JSON API's problem+json for API clients, a friendly page in the reader's
// language for browsers. Server errors are logged; their details stay on the server.
func (h *Handler) fail(c *gin.Context, l Lang, status int, code, detail string, retryAfter time.Duration) {
	if retryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(seconds(retryAfter)))
	}
	if wantsJSON(c) {
		c.Header("Content-Type", "application/problem+json")
		c.AbortWithStatusJSON(status, httpapi.Problem{Type: "https://shafaf.city/problems/" + code, Title: http.StatusText(status),
			Status: status, Detail: detail, Instance: c.Request.URL.Path, Code: code})
		return
	}
	key := "error.500"
	switch status {
	case http.StatusNotFound, http.StatusTooManyRequests:
		key = "error." + strconv.Itoa(status)
	}
	p := errorPage{page: newPage(l, c.Request, "", "error.title"), Message: l.T(key)}
	if retryAfter > 0 {
		p.RetryAfter = seconds(retryAfter)
	}
	h.render(c, status, "error", p)
	c.Abort()
}

// seconds rounds a wait up to whole seconds, as Retry-After states it.
func seconds(d time.Duration) int { return int(math.Ceil(d.Seconds())) }

// errorPage is the page a browser sees when something fails.
type errorPage struct {
	page
	Message    string
	RetryAfter int
}

package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/shafaf-city/shafaf/domain"
)

// codeTooManyRequests answers a client over its rate limit.
const codeTooManyRequests domain.ErrorCode = "too_many_requests"

// PublicRate bounds how fast one client address may call the public endpoints (pages, open
// data, catalogue, the contract): Burst at once, then PerSecond.
type PublicRate struct {
	PerSecond float64
	Burst     int
}

// defaultPublicRate lets a person browse freely and stops a scraper hammering the database.
var defaultPublicRate = PublicRate{PerSecond: 10, Burst: 40}

// maxLimitedClients bounds the limiter's memory; past it the table starts afresh, which only
// ever forgives clients.
const maxLimitedClients = 50_000

// clientLimiter keeps one token bucket per client address.
type clientLimiter struct {
	mu      sync.Mutex
	rate    PublicRate
	clients map[string]*rate.Limiter
}

func (l *clientLimiter) reserve(client string) time.Duration {
	l.mu.Lock()
	lim, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= maxLimitedClients {
			l.clients = map[string]*rate.Limiter{}
		}
		lim = rate.NewLimiter(rate.Limit(l.rate.PerSecond), l.rate.Burst)
		l.clients[client] = lim
	}
	l.mu.Unlock()
	r := lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel() // a refused request does not spend a token
		return d
	}
	return 0
}

// isPublic says which paths anyone may call without a token: everything but the case API and
// the operators' probes.
func isPublic(path string) bool {
	switch {
	case path == "/healthz" || path == "/readyz" || path == "/metrics":
		return false
	case strings.HasPrefix(path, "/v1/"):
		return strings.HasPrefix(path, "/v1/catalogue") || path == callbackPath // a guessed authority costs a lookup
	}
	return true
}

// rateLimitPublic answers 429 with Retry-After once a client address exceeds the public rate.
func (s *Server) rateLimitPublic() gin.HandlerFunc {
	r := s.cfg.PublicRate
	if r.PerSecond <= 0 || r.Burst <= 0 {
		r = defaultPublicRate
	}
	l := &clientLimiter{rate: r, clients: map[string]*rate.Limiter{}}
	return func(c *gin.Context) {
		if !isPublic(c.Request.URL.Path) {
			return
		}
		if wait := l.reserve(c.ClientIP()); wait > 0 {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.writeError(c, &domain.Error{Code: codeTooManyRequests, Message: "too many requests from this address; slow down"})
		}
	}
}

// exposedHeaders are the response headers a browser client on the dashboard origin may read.
const exposedHeaders = "ETag, Location, Retry-After, X-Request-ID, X-Correlation-ID, X-Shafaf-Position, Idempotent-Replayed"

// cors lets the configured dashboard origin, and no other, call the API from a browser.
func (s *Server) cors() gin.HandlerFunc {
	return func(c *gin.Context) {
		origin := c.GetHeader("Origin")
		if origin == "" || s.cfg.CORSOrigin == "" || origin != s.cfg.CORSOrigin {
			return
		}
		h := c.Writer.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
		if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-ID, X-Correlation-ID")
			h.Set("Access-Control-Max-Age", "600")
			c.AbortWithStatus(http.StatusNoContent)
		}
	}
}

// contentSecurityPolicy fits the public pages: everything from this origin, inline SVG images,
// no framing, no plugins.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the standard protective headers on every response; HSTS only when the
// client reached us over TLS (directly or, when Config.TLSProxy says so, through a proxy).
func (s *Server) securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.Request.TLS != nil || (s.cfg.TLSProxy && c.GetHeader("X-Forwarded-Proto") == "https") {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
	}
}

package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// Timeouts bound how long one connection may hold the server, so slow or silent clients cannot
// pile up connections. Zero fields take DefaultTimeouts'.
type Timeouts struct {
	// Read bounds reading one request, headers and body. An authenticated body declared larger
	// than Read carries at minBodyRate gets the extra time it needs at that rate (uploads).
	Read time.Duration
	// Write bounds the handler and writing its answer, counted from the end of the request's
	// headers; it must fit the largest download to a slow client.
	Write time.Duration
	// Idle bounds how long a keep-alive connection may wait for its next request.
	Idle time.Duration
}

// DefaultTimeouts fit the API's real traffic: JSON bodies of at most a MiB, document downloads
// of tens of MiB (20 MiB in ten minutes is 280 kbit/s), and proxies in front that keep idle
// upstream connections for 60 s (nginx-ingress), so Idle outlasts them and the proxy, not us,
// closes an idle connection: it never sends a request on one we are closing.
var DefaultTimeouts = Timeouts{Read: 30 * time.Second, Write: 10 * time.Minute, Idle: 65 * time.Second}

// readHeaderTimeout bounds the request line and headers whatever Read says: nothing legitimate
// needs longer, and until they arrive there is no request to extend a deadline for.
const readHeaderTimeout = 10 * time.Second

// minBodyRate is the slowest upload (bytes a second, 512 kbit/s) still given time beyond
// Timeouts.Read.
const minBodyRate = 64 << 10

// withDefaults fills the zero fields from DefaultTimeouts.
func (t Timeouts) withDefaults() Timeouts {
	if t.Read <= 0 {
		t.Read = DefaultTimeouts.Read
	}
	if t.Write <= 0 {
		t.Write = DefaultTimeouts.Write
	}
	if t.Idle <= 0 {
		t.Idle = DefaultTimeouts.Idle
	}
	return t
}

// HTTPServer is the http.Server that serves the API with its configured timeouts.
func (s *Server) HTTPServer() *http.Server {
	t := s.cfg.Timeouts
	return &http.Server{Handler: s, ReadHeaderTimeout: min(readHeaderTimeout, t.Read),
		ReadTimeout: t.Read, WriteTimeout: t.Write, IdleTimeout: t.Idle}
}

// bodyTime is the time beyond Timeouts.Read a body of declared length gets: what it takes at
// minBodyRate, for at most the largest body a route accepts, since the length is the client's
// claim; nothing for an unknown length (-1, chunked).
func bodyTime(declared, largest int64) time.Duration {
	return time.Duration(max(0, min(declared, largest))) * time.Second / minBodyRate
}

// largestBody is the most any route reads: an upload when the server takes documents, else a
// JSON body.
func (s *Server) largestBody() int64 {
	if s.cfg.Documents == nil {
		return maxBodyBytes
	}
	return max(maxBodyBytes, s.cfg.Documents.Limits().MaxBytes+formOverhead)
}

// allowLargeBodies moves the connection's read and write deadlines on by bodyTime for an
// authenticated request whose body is too large for Timeouts.Read at minBodyRate. Anonymous
// requests get nothing: no public route takes a large body, and a stranger declaring one must
// not hold a connection for minutes. It runs after authenticate and before any middleware that
// wraps the ResponseWriter without Unwrap, which http.ResponseController needs.
func (s *Server) allowLargeBodies() gin.HandlerFunc {
	largest := s.largestBody()
	return func(c *gin.Context) {
		extra := bodyTime(c.Request.ContentLength, largest)
		if _, known := auth.FromContext(c); !known || extra < time.Second {
			return
		}
		now := time.Now()
		rc := http.NewResponseController(c.Writer)
		if err := rc.SetReadDeadline(now.Add(s.cfg.Timeouts.Read + extra)); err != nil {
			s.log.Warn("cannot extend the read deadline of a large body", zap.Error(err))
			return
		}
		_ = rc.SetWriteDeadline(now.Add(s.cfg.Timeouts.Write + extra))
	}
}

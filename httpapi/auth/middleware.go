package auth

import (
	"errors"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"
)

// principalKey is where the middleware leaves the Principal in gin's context.
const principalKey = "shafaf/auth.principal"

// Middleware requires a valid bearer token. On failure it calls onError with
// an *Error and aborts, so onError only writes the response. Public routes
// simply do not use it.
func Middleware(v *Verifier, onError func(*gin.Context, error)) gin.HandlerFunc {
	return func(c *gin.Context) { authenticate(v, c, onError, false) }
}

// Optional authenticates when an Authorization header is present and lets
// anonymous requests through; a header that is present but bad still fails,
// so a broken client never silently becomes anonymous.
func Optional(v *Verifier, onError func(*gin.Context, error)) gin.HandlerFunc {
	return func(c *gin.Context) { authenticate(v, c, onError, true) }
}

// FromContext returns the Principal the middleware stored, if any.
func FromContext(c *gin.Context) (Principal, bool) {
	v, ok := c.Get(principalKey)
	p, isPrincipal := v.(Principal)
	return p, ok && isPrincipal
}

func authenticate(v *Verifier, c *gin.Context, onError func(*gin.Context, error), optional bool) {
	header := c.GetHeader("Authorization")
	if optional && header == "" {
		c.Next()
		return
	}
	p, err := v.Verify(c.Request.Context(), bearer(header))
	if err == nil {
		// A valid token passes whatever its address's bucket says: behind a proxy that is not
		// trusted, every user shares one address, and one bad client must not lock out the staff.
		c.Set(principalKey, p)
		c.Next()
		return
	}
	var authErr *Error
	if errors.As(err, &authErr) && authErr.Code != CodeMissing {
		v.log.Info("bearer token refused", slices.Concat(authErr.fields(), v.expected, []zap.Field{zap.String("client_ip", c.ClientIP())})...)
	}
	if errors.As(err, &authErr) && authErr.Code != CodeKeysUnavailable { // an unreachable key set is not the client's fault
		// c.ClientIP honours the engine's trusted proxies, which the router sets.
		ip := c.ClientIP()
		if wait := v.failures.retryAfter(ip); wait > 0 {
			fail(c, onError, &Error{Code: CodeRateLimited, RetryAfter: wait})
			return
		}
		// A request without a token guesses nothing, so it costs the bucket nothing.
		if authErr.Code != CodeMissing {
			v.failures.fail(ip)
		}
	}
	fail(c, onError, err)
}

func fail(c *gin.Context, onError func(*gin.Context, error), err error) {
	onError(c, err)
	c.Abort()
}

// bearer extracts the token of an RFC 6750 Authorization header; anything
// else yields "" and so CodeMissing.
func bearer(header string) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// WithPrincipal replaces the request's Principal with p, completed by what the server learns
// beyond the token (the delegations its subject holds).
func WithPrincipal(c *gin.Context, p Principal) { c.Set(principalKey, p) }

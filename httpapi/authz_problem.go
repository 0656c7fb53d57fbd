package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// authMessages explain each authentication failure to the client without the cause, which
// may name keys or claims an attacker would like to learn about.
var authMessages = map[auth.Code]string{
	auth.CodeMissing:         "this endpoint needs a bearer token (Authorization: Bearer …)",
	auth.CodeInvalid:         "the bearer token is not valid",
	auth.CodeExpired:         "the bearer token has expired",
	auth.CodeNotYetValid:     "the bearer token is not valid yet",
	auth.CodeWrongIssuer:     "the bearer token was issued by an unknown issuer",
	auth.CodeWrongAudience:   "the bearer token is meant for another audience",
	auth.CodeRateLimited:     "too many failed authentications from this address; retry later",
	auth.CodeKeysUnavailable: "the identity provider's keys cannot be fetched; retry later",
}

// authProblem turns an authentication failure into the error statusOf maps, setting the
// RFC 6750 challenge on 401s and Retry-After on 429s.
func (s *Server) authProblem(c *gin.Context, e *auth.Error) *domain.Error {
	code := e.Code
	if _, known := authMessages[code]; !known {
		code = auth.CodeInvalid
	}
	switch {
	case code == auth.CodeRateLimited:
		c.Header("Retry-After", strconv.Itoa(int(max(time.Second, e.RetryAfter)/time.Second)))
	case code == auth.CodeMissing:
		c.Header("WWW-Authenticate", `Bearer realm="shafaf"`)
	case statusOf[domain.ErrorCode(code)] == http.StatusUnauthorized:
		c.Header("WWW-Authenticate", `Bearer realm="shafaf", error="invalid_token", error_description="`+authMessages[code]+`"`)
	}
	return &domain.Error{Code: domain.ErrorCode(code), Message: authMessages[code], Err: e}
}

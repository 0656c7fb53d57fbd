package httpapi

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/deploy/pgfault"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"go.uber.org/zap"
)

// Problem is an RFC 9457 problem document. Code is stable and machine-readable; Rule names the
// business rule a refused command broke.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Instance  string              `json:"instance,omitempty"`
	Code      string              `json:"code"`
	Rule      string              `json:"rule,omitempty"`
	Errors    []domain.FieldError `json:"errors,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
}

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[domain.ErrorCode]int{
	domain.CodeInvalid:            http.StatusBadRequest,
	domain.CodeNotFound:           http.StatusNotFound,
	domain.CodeConflict:           http.StatusConflict,
	domain.CodeRuleViolated:       http.StatusUnprocessableEntity,
	domain.CodeForbidden:          http.StatusForbidden,
	domain.CodePreconditionFailed: http.StatusPreconditionFailed,
	domain.CodeUnavailable:        http.StatusServiceUnavailable,
	domain.CodeInternal:           http.StatusInternalServerError,
	codeTooLarge:                  http.StatusRequestEntityTooLarge,
	codeUnsupportedMedia:          http.StatusUnsupportedMediaType,
	codeMethodNotAllowed:          http.StatusMethodNotAllowed,
	codeTooManyRequests:           http.StatusTooManyRequests,
	// Authentication failures (*auth.Error), translated by authProblem.
	domain.ErrorCode(auth.CodeMissing):         http.StatusUnauthorized,
	domain.ErrorCode(auth.CodeInvalid):         http.StatusUnauthorized,
	domain.ErrorCode(auth.CodeExpired):         http.StatusUnauthorized,
	domain.ErrorCode(auth.CodeNotYetValid):     http.StatusUnauthorized,
	domain.ErrorCode(auth.CodeWrongIssuer):     http.StatusUnauthorized,
	domain.ErrorCode(auth.CodeWrongAudience):   http.StatusUnauthorized,
	domain.ErrorCode(auth.CodeRateLimited):     http.StatusTooManyRequests,
	domain.ErrorCode(auth.CodeKeysUnavailable): http.StatusServiceUnavailable,
}

// Edge-only codes: conditions of the HTTP exchange itself, not of the domain.
const (
	codeTooLarge         domain.ErrorCode = "payload_too_large"
	codeUnsupportedMedia domain.ErrorCode = "unsupported_media_type"
	codeMethodNotAllowed domain.ErrorCode = "method_not_allowed"
)

const problemContentType = "application/problem+json"

// problemTypes prefixes every problem's type URI; its code completes it.
const problemTypes = "https://shafaf.city/problems/"

// retryAfterUnavailable is the Retry-After, in seconds, of a 503 that names no better time.
const retryAfterUnavailable = "2"

// writeError answers with the problem document for err. Only internal errors are logged at
// error level, and their details never reach the client.
func (s *Server) writeError(c *gin.Context, err error) {
	p := s.problemOf(c, err)
	// Clients that retry an outage wait as told; a more precise value set earlier stays.
	if p.Status == http.StatusServiceUnavailable && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", retryAfterUnavailable)
	}
	c.Set(keyProblemCode, p.Code)
	c.Header("Content-Type", problemContentType)
	c.AbortWithStatusJSON(p.Status, p)
}

// problemOf is the problem document for err, logged when it is a server failure; a bulk
// answer carries one per item that failed.
func (s *Server) problemOf(c *gin.Context, err error) Problem {
	var de *domain.Error
	var ae *auth.Error
	switch {
	case errors.As(err, &ae):
		de = s.authProblem(c, ae)
	case errors.As(err, &de): // typed already
	case pgfault.Unavailable(err): // a read model or another table while PostgreSQL is down
		de = &domain.Error{Code: domain.CodeUnavailable, Message: "the database is unavailable; retry shortly", Err: err}
	default:
		de = &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: err}
	}
	status, ok := statusOf[de.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	p := Problem{
		Type:   problemTypes + string(de.Code),
		Title:  http.StatusText(status),
		Status: status, Detail: de.Message, Instance: c.Request.URL.Path,
		Code: string(de.Code), Rule: de.Rule, Errors: de.Fields, RequestID: requestID(c),
	}
	if de.Rule != "" {
		p.Code = de.Rule
	}
	if status >= 500 {
		s.log.Error("request failed", zap.Error(err), zap.String("request_id", p.RequestID))
		if de.Code == domain.CodeInternal {
			p.Detail = "an internal error occurred; quote the request id when reporting it"
		}
	}
	return p
}

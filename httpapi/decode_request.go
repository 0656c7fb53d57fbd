package httpapi

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/httpapi/idempotency"
)

// normalizedHeaders are the request headers handlers and middleware read as text; each is
// normalised by the rule declared under its name. Content-Type and Authorization are parsed,
// not stored, by their own strict readers.
var normalizedHeaders = []string{idempotency.Header, "If-Match"}

// normalizeInput is global middleware that puts every query parameter and normalizedHeaders
// through ident's rules before any handler sees them, rewriting the request with the
// normalised values, so a NUL or an invalid byte is a 400 here, never a 500 from the database.
func (s *Server) normalizeInput() gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := normalizeRequest(c.Request); err != nil {
			s.writeError(c, err)
		}
	}
}

// normalizeRequest normalises r's query and headers in place, or says every field it refuses.
func normalizeRequest(r *http.Request) error {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return domain.Invalid(domain.FieldError{Field: "query", Code: "syntax", Message: "the query string is malformed: " + err.Error()})
	}
	var errs domain.FieldErrors
	clean := url.Values{}
	for name, values := range query {
		if pathRule.Check("query", name) != nil {
			errs.Add("query", ident.CodeEncoding, "a query parameter's name is not short, clean text")
			continue
		}
		rule, _ := ident.FieldNamed(name)
		for _, v := range values {
			n, err := rule.Normalize(name, v)
			errs = append(errs, ident.FieldErrors(err)...)
			clean.Add(name, n)
		}
	}
	for _, h := range normalizedHeaders {
		if v := r.Header.Get(h); v != "" {
			rule, _ := ident.FieldNamed(h)
			n, err := rule.Normalize(h, v)
			errs = append(errs, ident.FieldErrors(err)...)
			r.Header.Set(h, n)
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if len(query) > 0 {
		r.URL.RawQuery = clean.Encode()
	}
	return nil
}

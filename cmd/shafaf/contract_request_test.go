package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/shafaf-city/shafaf/domain/ident"
)

// shapeCodes are the field codes with which the server refuses a body whose shape is wrong
// (httpapi's strict decoder); a request the document accepts must never earn one. JSON's own
// rules (a name given twice, a second value) are beyond a schema, so their codes are not here.
var shapeCodes = []string{"unknown_field", "type"}

// checkRequest holds a request the end-to-end tests sent to the document: its path and query
// parameters (no undeclared ones), headers, security and body. The two must agree both ways: a request the
// document refuses may not succeed (the document is too strict or the code too lax), and one
// it accepts may not be refused for its shape (the document is too loose or the code too strict).
// Tests send bad requests on purpose, so a refused request answered with 4xx is agreement.
func checkRequest(tb testing.TB, req *http.Request, route *routers.Route, params map[string]string, reqBody []byte, status int, body []byte) {
	tb.Helper()
	if route.Operation.RequestBody == nil && saysNothing(reqBody) {
		reqBody = nil // {} or null where the operation takes no body is no body
	}
	req, reqBody = asTheEdgeReadsIt(req, reqBody)
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, SkipSettingDefaults: true,
			RejectWhenRequestBodyNotSpecified: true, AuthenticationFunc: bearerSent}}
	err := errors.Join(openapi3filter.ValidateRequest(context.Background(), input), undeclaredQuery(route, req))
	switch {
	case err != nil && status < 400:
		tb.Fatalf("contract: the document refuses %s %s, which the server accepted with %d: %v\nrequest body: %.500s",
			req.Method, req.URL, status, err, reqBody)
	case err == nil && status == http.StatusBadRequest:
		if code, field := shapeProblem(body); code != "" {
			tb.Fatalf("contract: the document accepts %s %s, which the server refused for its shape (%s at %s)\nrequest body: %.500s\nresponse: %.500s",
				req.Method, req.URL, code, field, reqBody, body)
		}
	}
}

// saysNothing reports whether a body is empty, {} or null.
func saysNothing(body []byte) bool {
	b := bytes.TrimSpace(body)
	return len(b) == 0 || string(b) == "{}" || string(b) == "null"
}

// asTheEdgeReadsIt is a copy of req with its digits in ASCII, in query values and JSON body
// strings, and a null body as {}, as the document says the server reads them before checking
// anything (ident, decodeStrict).
func asTheEdgeReadsIt(req *http.Request, body []byte) (*http.Request, []byte) {
	req = req.Clone(context.Background())
	q := req.URL.Query()
	for _, values := range q {
		for i, v := range values {
			values[i] = ident.NormalizeDigits(v)
		}
	}
	req.URL.RawQuery = q.Encode()
	var v any
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") && json.Unmarshal(body, &v) == nil {
		body, _ = json.Marshal(asciiDigits(v))
	}
	if string(bytes.TrimSpace(body)) == "null" {
		body = []byte("{}") // the decoder leaves a command as it was: null reads as {}
	}
	req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil } // the validator rereads it
	return req, body
}

// asciiDigits is a decoded JSON value with the digits of every string in ASCII.
func asciiDigits(v any) any {
	switch v := v.(type) {
	case string:
		return ident.NormalizeDigits(v)
	case []any:
		for i := range v {
			v[i] = asciiDigits(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = asciiDigits(v[k])
		}
	}
	return v
}

// undeclaredQuery names the query parameters the operation does not declare: OpenAPI has no
// rule against them, but a server that silently ignores one answers a question nobody asked.
func undeclaredQuery(route *routers.Route, req *http.Request) error {
	declared := map[string]bool{}
	for _, params := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range params {
			if p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	var undeclared []string
	for name := range req.URL.Query() {
		if !declared[name] {
			undeclared = append(undeclared, name)
		}
	}
	if len(undeclared) == 0 {
		return nil
	}
	slices.Sort(undeclared)
	return fmt.Errorf("query parameters %q are not declared", undeclared)
}

// bearerSent is the document's security check: a bearer token is present. Whether it is
// valid is the server's to say (401), as it is for any other client.
func bearerSent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	auth := in.RequestValidationInput.Request.Header.Get("Authorization")
	if in.SecurityScheme.Type == "http" && in.SecurityScheme.Scheme == "bearer" && strings.HasPrefix(auth, "Bearer ") {
		return nil
	}
	return in.NewError(errors.New("no bearer token"))
}

// shapeProblem returns the first field problem of a problem document that says the body's
// shape was wrong, if any.
func shapeProblem(body []byte) (code, field string) {
	var p struct {
		Errors []struct{ Field, Code string } `json:"errors"`
	}
	if json.Unmarshal(body, &p) != nil {
		return "", ""
	}
	for _, e := range p.Errors {
		if slices.Contains(shapeCodes, e.Code) {
			return e.Code, e.Field
		}
	}
	return "", ""
}

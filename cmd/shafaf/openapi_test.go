package main

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/shafaf-city/shafaf/httpapi"
	"github.com/shafaf-city/shafaf/httpapi/openapi"
)

// contract is the OpenAPI document every end-to-end response is validated against.
var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

func loadContract(tb testing.TB) (*openapi3.T, routers.Router) {
	tb.Helper()
	contract.once.Do(func() {
		for _, ct := range []string{"text/html", "text/css", "text/csv"} {
			openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
		}
		contract.doc, contract.err = openapi3.NewLoader().LoadFromData(openapi.JSON())
		if contract.err == nil {
			contract.err = contract.doc.Validate(context.Background())
		}
		if contract.err == nil {
			contract.router, contract.err = gorillamux.NewRouter(contract.doc)
		}
	})
	if contract.err != nil {
		tb.Fatalf("the OpenAPI document: %v", contract.err)
	}
	return contract.doc, contract.router
}

// checkContract fails the test when a request or its response does not match the contract: an
// undocumented route, status, content type, header or body, or a request the document and the
// server judge differently (checkRequest). A request the router has no route for must answer a
// problem document.
func checkContract(tb testing.TB, req *http.Request, reqBody []byte, status int, header http.Header, body []byte) {
	tb.Helper()
	if req.Method == http.MethodOptions {
		return // a CORS preflight is the browser's protocol, not an operation of the API
	}
	doc, router := loadContract(tb)
	route, params, err := router.FindRoute(req)
	if err != nil {
		if status < 400 {
			tb.Fatalf("contract: %s %s answered %d but is not in the OpenAPI document", req.Method, req.URL.Path, status)
		}
		checkProblem(tb, doc, req, header, body)
		return
	}
	checkRequest(tb, req, route, params, reqBody, status, body)
	mt, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			ExcludeResponseBody: !strings.Contains(mt, "json") && !strings.HasPrefix(mt, "text/")},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		tb.Fatalf("contract: %s %s → %d does not match the OpenAPI document: %v\nbody: %.500s", req.Method, req.URL.Path, status, err, body)
	}
}

func checkProblem(tb testing.TB, doc *openapi3.T, req *http.Request, header http.Header, body []byte) {
	tb.Helper()
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		tb.Fatalf("contract: %s %s is not documented and answered %q, not a problem document", req.Method, req.URL.Path, ct)
	}
	v, err := openapi3filter.JSONBodyDecoder(bytes.NewReader(body), header, nil, nil)
	if err == nil {
		err = doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
	}
	if err != nil {
		tb.Fatalf("contract: %s %s answered an invalid problem: %v\nbody: %s", req.Method, req.URL.Path, err, body)
	}
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, _ := loadContract(t)
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
}

// ginParam turns gin's :name and *name into OpenAPI's {name}.
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc, _ := loadContract(t)
	app := MustOpenApp(t)
	routes := app.server.Handler.(*httpapi.Server).Routes()
	if len(routes) < 40 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		path = ginParam.ReplaceAllString(path, "{$1}")
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s %s is served but not in the OpenAPI document", method, path)
		}
	}
}

func TestContractAndDocsAreServed(t *testing.T) {
	app := MustOpenApp(t)
	anon := client{tb: t, base: app.URL()}
	for _, tc := range []struct{ path, contentType, contains string }{
		{"/openapi.json", "application/json", `"openapi":"3.1.0"`},
		{"/docs", "text/html", `<code>/v1/cases/{id}/timeline</code>`},
		{"/docs/style.css", "text/css", "font"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := anon.get(tc.path)
			wantStatus(t, r, http.StatusOK)
			if !strings.HasPrefix(r.header.Get("Content-Type"), tc.contentType) || !bytes.Contains(r.body, []byte(tc.contains)) {
				t.Fatalf("%s: %s %.300s", tc.path, r.header.Get("Content-Type"), r.body)
			}
		})
	}
	t.Run("the docs page loads nothing from elsewhere", func(t *testing.T) {
		r := anon.get("/docs")
		if bytes.Contains(r.body, []byte("http://")) || bytes.Contains(r.body, []byte("https://")) || bytes.Contains(r.body, []byte("<script")) {
			t.Fatalf("docs page refers outside: %s", r.body)
		}
	})
	t.Run("the docs page renders the document's code spans, not backticks", func(t *testing.T) {
		r := anon.get("/docs")
		if bytes.Contains(r.body, []byte("`")) || !bytes.Contains(r.body, []byte("<code>Idempotency-Key</code>")) {
			t.Fatalf("docs page shows Markdown: %s", r.body)
		}
	})
}

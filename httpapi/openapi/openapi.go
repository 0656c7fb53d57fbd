// Package openapi is the API's contract: one hand-written OpenAPI 3.1 document, served as JSON
// at /openapi.json and rendered for people at /docs. Tests validate every response the
// end-to-end tests receive against it, so the document cannot drift from the code unnoticed.
package openapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/goccy/go-yaml"
)

//go:embed openapi.yaml
var source []byte

// document is the contract as JSON, converted once; YAML is only how we write it.
var document = mustJSON(source)

func mustJSON(y []byte) []byte {
	j, err := yaml.YAMLToJSON(y)
	var compact bytes.Buffer
	if err == nil {
		err = json.Compact(&compact, j)
	}
	if err != nil {
		panic(fmt.Sprintf("openapi: openapi.yaml is not valid YAML: %v", err))
	}
	return compact.Bytes()
}

// JSON returns the OpenAPI document; callers must not modify it.
func JSON() []byte { return document }

// page is the docs page, drawn once; the document is embedded, so a failure is caught by tests.
var page = mustRender(document)

func mustRender(doc []byte) []byte {
	p, err := renderDocs(doc)
	if err != nil {
		panic(fmt.Sprintf("openapi: docs page: %v", err))
	}
	return p
}

// Register serves the contract and its docs page.
func Register(r gin.IRoutes) {
	r.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", document) }) // the contract
	r.GET("/docs", func(c *gin.Context) { c.Data(http.StatusOK, "text/html; charset=utf-8", page) })     // the contract for people
	r.GET("/docs/style.css", func(c *gin.Context) { c.Data(http.StatusOK, "text/css; charset=utf-8", style) })
}

package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// JSON answers v as JSON with status code, as gin's c.JSON does, but writes the encoding
// straight from encoding/json's pooled buffer: c.JSON marshals a fresh copy of every
// response first, and at 1,000 req/s those copies were a tenth of what the server allocated
// (docs/BENCHMARKS.md). Every JSON answer goes through here.
func JSON(c *gin.Context, code int, v any) { c.Render(code, jsonBody{v}) }

// jsonBody is a gin render of v; the body ends with a newline, as json.Encoder writes it.
type jsonBody struct{ v any }

var jsonContentType = []string{"application/json; charset=utf-8"}

// Render encodes v whole before writing, so a value that cannot be encoded (a programming
// error, which gin records on the context) leaves no half-written body.
func (r jsonBody) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return json.NewEncoder(w).Encode(r.v)
}

func (jsonBody) WriteContentType(w http.ResponseWriter) {
	if h := w.Header(); h["Content-Type"] == nil {
		h["Content-Type"] = jsonContentType
	}
}

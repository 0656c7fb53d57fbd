package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain"
)

// maxBodyBytes bounds every request body; larger ones are refused with 413 before decoding.
const maxBodyBytes = 1 << 20

// decodeJSON reads a JSON request body into dst strictly: the right content type, at most
// maxBodyBytes, no unknown fields, no trailing data. Nothing is appended when it fails.
func decodeJSON(c *gin.Context, dst any) error {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &domain.Error{Code: codeUnsupportedMedia, Message: "send the body as application/json"}
		}
	} else {
		return &domain.Error{Code: codeUnsupportedMedia, Message: "the Content-Type header is missing; send application/json"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &domain.Error{Code: codeTooLarge, Message: fmt.Sprintf("the body exceeds %d bytes", maxBodyBytes)}
	}
	if err != nil {
		return domain.Invalid(domain.FieldError{Field: "body", Code: "unreadable", Message: err.Error()})
	}
	return decodeStrict(body, dst)
}

// decodeStrict is the pure part of decodeJSON, separate so it can be fuzzed.
func decodeStrict(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return domain.Invalid(jsonFieldError(err))
	}
	if dec.More() {
		return domain.Invalid(domain.FieldError{Field: "body", Code: "trailing_data", Message: "the body holds more than one JSON value"})
	}
	return nil
}

func jsonFieldError(err error) domain.FieldError {
	fe := describeJSONError(err)
	if fe.Field == "" {
		fe.Field = "body"
	}
	return fe
}

func describeJSONError(err error) domain.FieldError {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return domain.FieldError{Field: typeErr.Field, Code: "type", Message: "expected " + typeErr.Type.String()}
	case errors.As(err, &syntaxErr):
		return domain.FieldError{Field: "body", Code: "syntax", Message: fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset)}
	case errors.Is(err, io.EOF):
		return domain.FieldError{Field: "body", Code: "required", Message: "the body is empty"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return domain.FieldError{Field: strings.Trim(field, `"`), Code: "unknown_field", Message: "field " + field + " is not part of the request"}
	}
	return domain.FieldError{Field: "body", Code: "invalid", Message: err.Error()}
}

package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// maxBodyBytes bounds every request body; larger ones are refused with 413 before decoding.
const maxBodyBytes = 1 << 20

// decodeJSON reads a JSON request body into dst strictly: the right content type, at most
// maxBodyBytes, then decodeStrict. Nothing is appended when it fails.
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

// decodeStrict is the pure part of decodeJSON, separate so it can be fuzzed. It decodes with
// json v2, which refuses what v1 let through: a member named twice (v1 kept the last, so a
// second "visibility" could turn an applicant's note internal), a member whose case differs
// from the field's ("Visibility"), and invalid UTF-8. Unknown members and trailing data are
// refused too. Then every string is normalised by the rule its field declares (ident).
func decodeStrict(body []byte, dst any) error {
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	if err := json.UnmarshalDecode(dec, dst, json.RejectUnknownMembers(true)); err != nil {
		return describeJSONError(err)
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return domain.Invalid(domain.FieldError{Field: "body", Code: "trailing_data", Message: "the body holds more than one JSON value"})
	}
	return ident.NormalizeAll(dst)
}

// describeJSONError turns a decoding error into an Invalid error naming the member at fault.
func describeJSONError(err error) error {
	var semErr *json.SemanticError
	var synErr *jsontext.SyntacticError
	var de *domain.Error
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Invalid(domain.FieldError{Field: "body", Code: "required", Message: "the body is empty or cut short"})
	case errors.As(err, &de):
		// A field's own UnmarshalJSON (a date) refused it; name the member it sits at.
		if errors.As(err, &semErr) && len(de.Fields) == 1 {
			fe := de.Fields[0]
			fe.Field = fieldPath(semErr.JSONPointer)
			return domain.Invalid(fe)
		}
		return de
	case errors.As(err, &semErr) && errors.Is(err, json.ErrUnknownName):
		name := fieldPath(semErr.JSONPointer)
		return domain.Invalid(domain.FieldError{Field: name, Code: "unknown_field",
			Message: "field " + strconv.Quote(name) + " is not part of the request; names are case-sensitive"})
	case errors.As(err, &semErr):
		want := "a different type"
		if semErr.GoType != nil {
			want = semErr.GoType.String()
		}
		return domain.Invalid(domain.FieldError{Field: fieldPath(semErr.JSONPointer), Code: "type", Message: "expected " + want})
	case errors.As(err, &synErr) && errors.Is(err, jsontext.ErrDuplicateName):
		return domain.Invalid(domain.FieldError{Field: fieldPath(synErr.JSONPointer), Code: "duplicate_field",
			Message: "a member is named twice; send each field once"})
	case errors.As(err, &synErr) && (strings.Contains(synErr.Err.Error(), "UTF-8") || strings.Contains(synErr.Err.Error(), "surrogate")):
		return domain.Invalid(domain.FieldError{Field: fieldPath(synErr.JSONPointer), Code: ident.CodeEncoding,
			Message: "the text is not valid UTF-8"})
	case errors.As(err, &synErr):
		return domain.Invalid(domain.FieldError{Field: fieldPath(synErr.JSONPointer), Code: "syntax",
			Message: fmt.Sprintf("malformed JSON at byte %d: %v", synErr.ByteOffset, synErr.Err)})
	}
	return domain.Invalid(domain.FieldError{Field: "body", Code: "invalid", Message: err.Error()})
}

// fieldPath writes a JSON pointer as the API names fields: "/applicant/name" is
// "applicant.name", "/reasons/1" is "reasons[1]", the root is "body".
func fieldPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	// A made-up member name is echoed back only when it is short, clean text.
	if b.Len() == 0 || pathRule.Check("body", b.String()) != nil {
		return "body"
	}
	return b.String()
}

// pathRule bounds the member names an error may echo.
var pathRule = ident.Field{Kind: ident.Code, MaxLen: 128}

package httpapi

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
)

// FuzzDecodeStrict: whatever bytes arrive, decoding either succeeds or says which field is
// wrong with an Invalid error; it never panics or returns an unclassified error.
func FuzzDecodeStrict(f *testing.F) {
	for _, seed := range []string{`{}`, `{"service":"permit.new"}`, `{"applicant":{"name":1}}`, `{"x":1}`, `{} {}`, ``, `[`, `null`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req submitCaseRequest
		err := decodeStrict(body, &req)
		if err == nil {
			return
		}
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeInvalid || len(de.Fields) != 1 || de.Fields[0].Field == "" {
			t.Fatalf("decode %q: %#v", body, err)
		}
	})
}

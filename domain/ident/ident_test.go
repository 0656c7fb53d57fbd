package ident_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
)

// codeOf returns the field code of err, or "" when err is nil, failing on any other shape.
func codeOf(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeInvalid || len(de.Fields) != 1 {
		tb.Fatalf("error %v is not one invalid field", err)
	}
	return de.Fields[0].Code
}

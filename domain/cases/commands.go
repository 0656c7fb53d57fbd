package cases

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// Command is a request to change a case. Validate checks its own fields, independent of state.
// Commands carry JSON tags so the API decodes requests straight into them; fields the server
// fills in (time, numbers, looked-up data) are hidden from JSON.
type Command interface {
	Validate() error
}

// CodeDistrictUnknown is the field code of a district the city does not have.
const CodeDistrictUnknown = "district.unknown"

// Validate checks c's own rules and, for every command alike, that none of its strings is
// invalid UTF-8, holds a control character its field does not allow or is too long: the
// edge normalises what clients send, and this guard keeps any other path (a seeder, a CLI)
// from storing what the edge would refuse.
func Validate(c Command) error {
	if err := ident.CheckAll(c); err != nil {
		return err
	}
	return c.Validate()
}

// fields collects field problems with the small checks every command repeats.
type fields struct{ domain.FieldErrors }

func (f *fields) required(field, value, what string) {
	if strings.TrimSpace(value) == "" {
		f.Add(field, "required", what+" is required")
	}
}

func (f *fields) oneOf(field, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	f.Add(field, "one_of", field+" must be one of "+strings.Join(allowed, ", "))
}

// strs is a list of string-typed values as strings, for oneOf.
func strs[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func (f *fields) positive(field string, n int64) {
	if n <= 0 {
		f.Add(field, "positive", field+" must be positive")
	}
}

func (f *fields) nonBlank(field string, values []string) {
	if len(values) == 0 {
		f.Add(field, "required", "at least one "+field+" entry is required")
	}
	for i, v := range values {
		if strings.TrimSpace(v) == "" {
			f.Add(field, "blank", field+" entry "+strconv.Itoa(i)+" is blank")
		}
	}
}

// ident adds the field problems of an identifier parser's error, under prefix.
func (f *fields) ident(prefix string, err error) {
	var de *domain.Error
	if errors.As(err, &de) {
		for _, fe := range de.Fields {
			f.Add(prefix+fe.Field, fe.Code, fe.Message)
		}
	}
}

func (f *fields) date(field string, t time.Time) {
	if t.IsZero() {
		f.Add(field, "required", field+" is required")
	}
}

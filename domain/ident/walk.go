package ident

import (
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/shafaf-city/shafaf/domain"
)

// NormalizeAll normalises, in place, every exported string reachable from v (a pointer to a
// decoded request or command) by the rule declared for its JSON name, and returns one Invalid
// error listing every field it refused. Fields hidden from JSON are the server's and are left
// alone.
func NormalizeAll(v any) error {
	var errs domain.FieldErrors
	walk(reflect.ValueOf(v), "", "", true, func(name, path string, s reflect.Value) {
		f, _ := FieldNamed(name)
		out, err := f.Normalize(path, s.String())
		if err != nil {
			errs = append(errs, FieldErrors(err)...)
			return
		}
		s.SetString(out)
	})
	return errs.Err()
}

// CheckAll refuses, without changing anything, every string reachable from v, the server's
// own included, that is not valid UTF-8, holds a control character its field does not allow
// or is too long: what a domain command's Validate calls so nothing unclean is ever stored.
func CheckAll(v any) error {
	var errs domain.FieldErrors
	walk(reflect.ValueOf(v), "", "", false, func(name, path string, s reflect.Value) {
		f, _ := FieldNamed(name)
		errs = append(errs, FieldErrors(f.Check(path, s.String()))...)
	})
	return errs.Err()
}

// walk calls visit on every string below v with the JSON name of the field holding it and its
// path ("applicant.name", "reasons[1]"); onlyJSON skips fields hidden from JSON. Maps are not
// walked: no request or command holds one, and their values could not be set in place.
func walk(v reflect.Value, name, path string, onlyJSON bool, visit func(name, path string, s reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), name, path, onlyJSON, visit)
		}
	case reflect.String:
		visit(name, path, v)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walk(v.Index(i), name, path+"["+strconv.Itoa(i)+"]", onlyJSON, visit)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			fieldName, hidden := jsonName(sf)
			if !sf.IsExported() || (hidden && onlyJSON) {
				continue
			}
			if sf.Anonymous && sf.Tag.Get("json") == "" {
				walk(v.Field(i), name, path, onlyJSON, visit) // embedded: its fields are the parent's
				continue
			}
			walk(v.Field(i), fieldName, join(path, fieldName), onlyJSON, visit)
		}
	}
}

// jsonName is the name a field has in JSON, its Go name in snake case when untagged; hidden
// reports json:"-".
func jsonName(sf reflect.StructField) (name string, hidden bool) {
	tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if tag == "-" {
		return snake(sf.Name), true
	}
	if tag != "" {
		return tag, false
	}
	return snake(sf.Name), false
}

// snake turns "CatalogueVersion" into "catalogue_version" and "CaseID" into "case_id".
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// FieldErrors unwraps the field errors of an Invalid error, so callers checking several inputs
// can report them all at once; nil for nil.
func FieldErrors(err error) []domain.FieldError {
	if de, ok := err.(*domain.Error); ok {
		return de.Fields
	}
	return nil
}

package httpapi

import (
	"fmt"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/httpapi/openapi"
)

// knownValues are the inputs whose values the domain lists; the document must offer the same.
var knownValues = map[string][]string{"waiting_on": cases.WaitingOn, "district": catalogue.Districts,
	"zone": zoneCodes(), "permitted_uses": catalogue.LandUses()}

// zoneCodes are the codes of the detailed plan's zones, in the zoning file's order.
func zoneCodes() []string {
	var codes []string
	for _, z := range catalogue.Zones() {
		codes = append(codes, z.Code)
	}
	return codes
}

// TestOpenAPIPublishesTheDeclaredLimits holds the OpenAPI document to ident's field table and
// the domain's known values: every string a request sends (JSON member, query parameter, header) has the maxLength its
// name declares, and every declared name is an input of some operation, so neither can drift.
func TestOpenAPIPublishesTheDeclaredLimits(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(openapi.JSON())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	check := func(where, name string, s *openapi3.Schema) {
		seen[name] = true
		if s == nil || s.Type == nil || !s.Type.Is("string") {
			return
		}
		if want, ok := knownValues[name]; ok {
			var got []string
			for _, v := range s.Enum {
				got = append(got, fmt.Sprint(v))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q has enum %q in the OpenAPI document, want %q as the domain lists them", where, name, got, want)
			}
		}
		rule, declared := ident.FieldNamed(name)
		switch {
		case !declared:
			t.Errorf("%s: %q is a string input that domain/ident/fields.go does not declare", where, name)
		case s.MaxLength == nil || *s.MaxLength != uint64(rule.MaxLen):
			t.Errorf("%s: %q has maxLength %v in the OpenAPI document, want %d as declared", where, name, s.MaxLength, rule.MaxLen)
		}
	}
	var walk func(where, name string, ref *openapi3.SchemaRef)
	walk = func(where, name string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		s := ref.Value
		if s.Items != nil {
			walk(where, name, s.Items)
			return
		}
		if name != "" {
			check(where, name, s)
		}
		for prop, p := range s.Properties {
			walk(where, prop, p)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			for _, p := range op.Parameters {
				if p.Value.In == openapi3.ParameterInQuery || p.Value.In == openapi3.ParameterInHeader {
					seen[p.Value.Name] = true
					check(where, p.Value.Name, p.Value.Schema.Value)
				}
			}
			if op.RequestBody == nil {
				continue
			}
			if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
				walk(where, "", mt.Schema)
			}
		}
	}
	for _, name := range ident.FieldNames() {
		if !seen[name] {
			t.Errorf("%q is declared in domain/ident/fields.go but is no input of any operation", name)
		}
	}
}

package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/httpapi/openapi"
)

// mustContract loads the OpenAPI document.
func mustContract(tb testing.TB) *openapi3.T {
	tb.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapi.JSON())
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// TestEveryActionBodyIsDocumented holds each row of commands.Actions, and submission, to its request body in
// the document: the schema names exactly the fields the command decodes, object by object
// down to fee inputs and rulings, and refuses others (TestEveryJSONRequestBodyHasAnExample
// checks the examples).
func TestEveryActionBodyIsDocumented(t *testing.T) {
	t.Parallel()
	doc := mustContract(t)
	type decoded struct {
		method, path, operation string
		body                    any // what the server decodes the body into
	}
	bodies := []decoded{{"POST", "/v1/cases", "submitCase", submitCaseRequest{}}} // the one JSON command with a handler of its own
	for _, a := range commands.Actions {
		body, _ := a.New()
		bodies = append(bodies, decoded{a.Method, openAPIPath(a.Path), a.Operation, body})
	}
	for _, b := range bodies {
		t.Run(b.operation, func(t *testing.T) {
			op := doc.Paths.Find(b.path).GetOperation(b.method)
			if op.RequestBody == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
				t.Fatalf("%s documents no JSON body", b.operation)
			}
			sameFields(t, "body", reflect.TypeOf(b.body), op.RequestBody.Value.Content.Get("application/json").Schema.Value)
		})
	}
}

// exampleValues are a media type's example and named examples, as JSON values.
func exampleValues(media *openapi3.MediaType) map[string]any {
	all := map[string]any{}
	if media.Example != nil {
		all["example"] = media.Example
	}
	for name, ex := range media.Examples {
		all[name] = ex.Value.Value
	}
	return all
}

// sameFields fails when schema's properties differ from the JSON fields of Go type typ, and
// recurses into nested objects and array items. Types that decode themselves (dates) are leaves.
func sameFields(t *testing.T, at string, typ reflect.Type, schema *openapi3.Schema) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.Kind() == reflect.Slice {
		if schema.Items == nil {
			t.Errorf("%s: the document has no items for a list", at)
			return
		}
		sameFields(t, at+"[]", typ.Elem(), schema.Items.Value)
		return
	}
	if typ.Kind() != reflect.Struct || reflect.PointerTo(typ).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return
	}
	if schema.AdditionalProperties.Has == nil || *schema.AdditionalProperties.Has {
		t.Errorf("%s: the document allows properties the server refuses (additionalProperties must be false)", at)
	}
	fields := map[string]reflect.Type{}
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() || f.Anonymous {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	for name, ft := range fields {
		prop := schema.Properties[name]
		if prop == nil {
			t.Errorf("%s.%s: decoded by the server, missing from the document", at, name)
			continue
		}
		sameFields(t, at+"."+name, ft, prop.Value)
	}
	for name := range schema.Properties {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s.%s: in the document, unknown to the server", at, name)
		}
	}
}

// TestRequestEnumsAreTheDomains fails when an enum a request may carry differs from the
// domain's list of known values.
func TestRequestEnumsAreTheDomains(t *testing.T) {
	t.Parallel()
	doc := mustContract(t)
	for schema, want := range map[string]any{
		"PaymentChannel": append(slices.Clone(cases.PaymentChannels), cases.ChannelBillPayment),
		"RulingKind":     cases.RulingKinds,
		"Outcome":        cases.Outcomes,
		"Commission":     cases.Commissions,
		"NoteVisibility": cases.NoteVisibilities,
	} {
		if got := doc.Components.Schemas[schema].Value.Enum; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("schema %s has enum %v, the domain %v", schema, got, want)
		}
	}
	if got := doc.Components.Schemas["FeeInputs"].Value.Properties["use"].Value.Enum; fmt.Sprint(got) != fmt.Sprint(fees.Uses) {
		t.Errorf("FeeInputs.use has enum %v, domain/fees %v", got, fees.Uses)
	}
}

// feeItemDoc is one entry of FeeInputs' x-fee-items.
type feeItemDoc struct {
	Needs []string `json:"needs"`
	Uses  []string `json:"uses,omitempty"`
}

// TestFeeInputsPerItemAreTheSchedules fails when the document's inputs per fee item differ
// from what the embedded fee schedules' formulas read (fees.Item.Needs), item by item, in
// every schedule version, so a new item or a changed formula must be documented.
func TestFeeInputsPerItemAreTheSchedules(t *testing.T) {
	t.Parallel()
	raw, _ := json.Marshal(mustContract(t).Components.Schemas["FeeInputs"].Value.Extensions["x-fee-items"])
	var documented map[string]feeItemDoc
	if err := json.Unmarshal(raw, &documented); err != nil || len(documented) == 0 {
		t.Fatalf("FeeInputs has no x-fee-items: %v", err)
	}
	seen := map[string]bool{}
	for _, version := range fees.Versions() {
		s, _ := fees.ByVersion(version)
		for _, it := range s.Items {
			seen[it.Code] = true
			want := feeItemDoc{Needs: it.Needs(), Uses: it.Uses}
			got, ok := documented[it.Code]
			if !ok || !slices.Equal(got.Needs, want.Needs) || !slices.Equal(got.Uses, want.Uses) {
				t.Errorf("%s %s: the document says %+v, the formula reads %+v", version, it.Code, got, want)
			}
		}
	}
	for code := range documented {
		if !seen[code] {
			t.Errorf("x-fee-items documents %s, which no fee schedule has", code)
		}
	}
}

// TestEveryJSONRequestBodyHasAnExample fails when an operation of the document takes a JSON
// body without an example a client can start from, or with one its own schema refuses.
func TestEveryJSONRequestBodyHasAnExample(t *testing.T) {
	t.Parallel()
	for path, item := range mustContract(t).Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			media := op.RequestBody.Value.Content.Get("application/json")
			if media == nil {
				continue
			}
			examples := exampleValues(media)
			if len(examples) == 0 {
				t.Errorf("%s %s (%s) has no example body", method, path, op.OperationID)
			}
			for name, ex := range examples {
				if err := media.Schema.Value.VisitJSON(ex, openapi3.EnableJSONSchema2020()); err != nil {
					t.Errorf("%s %s: example %s does not match the schema: %v", method, path, name, err)
				}
			}
		}
	}
}

package httpapi

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// requestBodies are the Go types every JSON command endpoint decodes its body into: the
// handlers' own request types and the domain command of each row of commands.Actions.
func requestBodies() []reflect.Type {
	types := []reflect.Type{reflect.TypeFor[submitCaseRequest](), reflect.TypeFor[holdRequest](),
		reflect.TypeFor[issueRequest](), reflect.TypeFor[cases.RecordPatrolFinding]()}
	for _, a := range commands.Actions {
		body, _ := a.New()
		types = append(types, reflect.TypeOf(body).Elem())
	}
	return types
}

// FuzzDecodeRequest drives any bytes through every endpoint's body decoder and, for a domain
// command, its validation: the result is either an Invalid error naming fields, or a value
// whose every string is valid UTF-8, free of NUL and of control characters its field does
// not allow, and within the length its field declares.
func FuzzDecodeRequest(f *testing.F) {
	for _, seed := range []string{`{}`, `{"service":"permit.new"}`, `{"applicant":{"name":1}}`, `{"x":1}`, `{} {}`, ``, `[`, `null`,
		`{"district":"1\u0000"}`, `{"assignee":"clerk-\u0000x"}`, `{"text":"a","visibility":"applicant","visibility":"internal"}`,
		`{"Visibility":"internal"}`, `{"reasons":["ok","\u0007"]}`, `{"applicant":{"name":"علي","national_id":"۳۹۷۴۰۱۷۸۴۴"}}`,
		"{\"note\":\"\xff\"}", `{"requests":[{"document":"deed","kind":"missing","note":"line\nline"}]}`,
		`{"zoning":{"zone":"R2","permitted_uses":["residential"],"density_percent":180,"coverage_percent":60,"max_height_m":10.5,"max_floors":3,"setbacks":{"front_m":2.5,"side_m":0,"rear_m":3},"remarks":"بر\u0000"}}`,
		`{"zoning":{"zone":"R۲","permitted_uses":["residential","residential","castle"],"density_percent":9999,"max_height_m":1e308,"max_floors":-1}}`,
		`{"zoning":{"zone":"R1","permitted_uses":["industrial"],"max_height_m":0.001,"setbacks":{"front_m":-0.5}}}`, `{"zoning":null}`,
		`{"service":"viol.art100","district":"۳","plot":{"section":3,"main":[72]},"location":"a\u0000b","owner":{"name":"x","national_id":"3974017844"},"findings":"f","measured_area_dm2":-1}`,
		`{"service":"viol.art100","district":"3","plot":{"section":3,"main":[72],"sub":[1]},"location":"پارک","owner":{"name":"سارا","national_id":"۳۹۷۴۰۱۷۸۴۴"},"findings":"two floors"}`} {
		f.Add(byte(0), []byte(seed))
		f.Add(byte(len(seed)), []byte(seed))
	}
	types := requestBodies()
	f.Fuzz(func(t *testing.T, which byte, body []byte) {
		typ := types[int(which)%len(types)]
		v := reflect.New(typ)
		err := decodeStrict(body, v.Interface())
		if err == nil {
			if cmd, ok := commandOf(v.Elem().Interface()); ok {
				err = cmd.Validate()
			}
		}
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || statusOf[de.Code] < 400 || statusOf[de.Code] >= 500 {
				t.Fatalf("%s %q: %#v is no 4xx domain error", typ, body, err)
			}
			if de.Code == domain.CodeInvalid && (len(de.Fields) == 0 || de.Fields[0].Field == "") {
				t.Fatalf("%s %q: %v names no field", typ, body, err)
			}
			return
		}
		if err := ident.CheckAll(v.Interface()); err != nil {
			t.Fatalf("%s %q decoded into %+v, which ident refuses: %v", typ, body, v.Elem(), err)
		}
		wantCleanStrings(t, v.Interface())
	})
}

// commandOf is the domain command a decoded body becomes, with what the server fills set as
// it would be, so validation sees the body's own fields.
func commandOf(body any) (cases.Command, bool) {
	switch b := body.(type) {
	case issueRequest:
		return cases.Issue{Zoning: b.Zoning, Number: "1405-AB12CD34", VerificationCode: "0123456789ab"}, true
	case cases.RecordPatrolFinding:
		b.CaseID = uuid.MustParse("6f1c7a1e-8a8e-4f3e-9d0b-1c2d3e4f5a6b")
		return b, true
	}
	cmd, ok := body.(cases.Command)
	return cmd, ok
}

// wantCleanStrings re-encodes v and checks every string in it without ident's help: valid
// UTF-8, no NUL, no control character but newline and tab, no longer than any field allows.
func wantCleanStrings(tb testing.TB, v any) {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	dec := jsontext.NewDecoder(strings.NewReader(string(b)))
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return
		}
		if tok.Kind() != '"' {
			continue
		}
		s := tok.String()
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 8000 || strings.ContainsFunc(s, func(r rune) bool {
			return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0)
		}) {
			tb.Fatalf("decoded %s holds the unclean string %q", b, s)
		}
	}
}

func TestDecodeStrictRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, field, code string
	}{
		{"a member named twice", `{"text":"hi","visibility":"applicant","visibility":"internal"}`, "visibility", "duplicate_field"},
		{"a member in another case", `{"text":"hi","Visibility":"internal"}`, "Visibility", "unknown_field"},
		{"an unknown member", `{"text":"hi","colour":"red"}`, "colour", "unknown_field"},
		{"a NUL", `{"text":"a\u0000b"}`, "text", ident.CodeControl},
		{"invalid UTF-8", "{\"text\":\"a\xffb\"}", "text", ident.CodeEncoding},
		{"a lone surrogate", `{"text":"\ud800"}`, "text", ident.CodeEncoding},
		{"a note over its limit", `{"text":"` + strings.Repeat("x", 4001) + `"}`, "text", ident.CodeMaxLength},
		{"trailing data", `{"text":"hi"} {}`, "body", "trailing_data"},
		{"a wrong type", `{"text":1}`, "text", "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var note cases.AddNote
			err := decodeStrict([]byte(tt.body), &note)
			var de *domain.Error
			if !errors.As(err, &de) || statusOf[de.Code] != http.StatusBadRequest || len(de.Fields) != 1 ||
				de.Fields[0].Field != tt.field || de.Fields[0].Code != tt.code {
				t.Fatalf("decode %.80q = %v; want field %q code %q", tt.body, err, tt.field, tt.code)
			}
		})
	}
}

func TestDecodeStrictNormalises(t *testing.T) {
	t.Parallel()
	var req submitCaseRequest
	body := `{"service":" permit.new ","district":"۳","description":"  خانهٔ علي\r\nطبقه ۲  ",` +
		`"applicant":{"name":"  علي   كريمي ","national_id":"۳۹۷۴۰۱۷۸۴۴"}}`
	if err := decodeStrict([]byte(body), &req); err != nil {
		t.Fatal(err)
	}
	want := submitCaseRequest{Service: "permit.new", District: "3", Description: "خانهٔ علی\nطبقه ۲",
		Applicant: cases.Applicant{Name: "علی کریمی", NationalID: "3974017844"}}
	if !reflect.DeepEqual(req, want) {
		t.Fatalf("decoded %+v, want %+v", req, want)
	}
}

package cases_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// A new event type must come with its facts, so no event is ever shown bare on a timeline, in
// an actor's activity or in an export.
func TestEveryEventTypeHasItsFacts(t *testing.T) {
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range reg.Types() {
		ev, err := reg.Decode(typ, []byte(`{}`))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if _, ok := cases.FactsOf(ev); !ok {
			t.Errorf("%s states no facts: give it a Facts method (cases.Factual)", typ)
		}
	}
}

func TestFactsStateWhatTheEventRecorded(t *testing.T) {
	served := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ev   domain.Event
		want []cases.Fact
	}{
		{"a ruling states its kind, fine and summary", &cases.FirstInstanceRuled{Ruling: fine(50_000_000), NotifiedOn: served},
			[]cases.Fact{{Key: "ruling", Value: cases.Value{Text: "fine"}}, {Key: "fine_rials", Value: cases.Value{Text: "50000000"}},
				{Key: "ruling_summary", Value: cases.Value{Text: "fine"}}, {Key: "notified_on", Value: cases.Value{At: served}}}},
		{"an inspection states its findings, found or not", &cases.InspectionRecorded{Findings: "as drawn", MeasuredAreaDM2: 12000},
			[]cases.Fact{{Key: "findings", Value: cases.Value{Text: "as drawn"}}, {Key: "measured_area_dm2", Value: cases.Value{Text: "12000"}},
				{Key: "violation_found", Value: cases.Value{Text: "false"}}}},
		{"the applicant's identity is personal", &cases.Submitted{Service: "permit.new", Personal: cases.Applicant{NationalID: "3974017844"}},
			[]cases.Fact{{Key: "service", Value: cases.Value{Text: "permit.new"}}, {Key: "national_id", Value: cases.Value{Text: "3974017844"}, Personal: true}}},
		{"a file is pinned by its hash", &cases.DocumentAttached{Document: "deed", SHA256: "ab12", Personal: cases.AttachedFile{FileName: "sara-deed.pdf"}},
			[]cases.Fact{{Key: "document", Value: cases.Value{Text: "deed"}}, {Key: "document_id", Value: cases.Value{Text: "00000000-0000-0000-0000-000000000000"}},
				{Key: "sha256", Value: cases.Value{Text: "ab12"}}, {Key: "file_name", Value: cases.Value{Text: "sara-deed.pdf"}, Personal: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := cases.FactsOf(tt.ev)
			if !ok || !slices.Equal(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestChangesListEveryFieldACommandChanged(t *testing.T) {
	before := MustRun(t, "permit.new", submitOf("permit.new"))
	after := before
	after.Status, after.Assignee, after.Money.FeeTotal = cases.StatusAwaitingPayment, "clerk-3-1", 1_000_000
	got := cases.Changes(before, after)
	keys := make([]string, len(got))
	for i, c := range got {
		keys[i] = c.Field
	}
	want := []string{"status", "waiting_on", "assignee", "fee_total", "outstanding"}
	if !slices.Equal(keys, want) {
		t.Fatalf("changed %v, want %v (%+v)", keys, want, got)
	}
	if got[3].Before.Text != "0" || got[3].After.Text != "1000000" {
		t.Fatalf("fee total %+v", got[3])
	}
	if len(cases.Changes(before, before)) != 0 {
		t.Fatal("an unchanged case lists changes")
	}
}

// Every fact an event can state and every field Changes can list has a label for people, found
// by stating each registered event, and a case, with every field set.
func TestEveryFactAndChangeHasALabel(t *testing.T) {
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, typ := range reg.Types() {
		ev, _ := reg.Decode(typ, []byte(`{}`))
		fill(reflect.ValueOf(ev))
		facts, _ := cases.FactsOf(ev)
		for _, f := range facts {
			keys[f.Key] = typ
		}
	}
	var full cases.State
	fill(reflect.ValueOf(&full))
	held := cases.EvolveHolds(nil, &cases.HoldPlaced{CaseID: full.ID})
	for _, c := range append(cases.Changes(cases.State{}, full), cases.HoldChanges(full.ID, nil, held)...) {
		keys[c.Field] = "cases.Changes"
	}
	for key, where := range keys {
		if l, ok := cases.Label(key); !ok || l.Fa == "" || l.En == "" {
			t.Errorf("%s states %q, which has no label in fact_labels.go", where, key)
		}
	}
	if len(keys) < 60 {
		t.Fatalf("only %d keys found: the filler no longer reaches the events' fields", len(keys))
	}
}

// fill sets every settable field under v to something other than its zero value.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(t0))
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				fill(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Uint8, reflect.Uint64:
		v.SetUint(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0))
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i))
		}
	}
}

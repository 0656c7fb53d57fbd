package actoractivity

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// The hand-written facts column reads back, with encoding/json, as the public facts it was given.
func TestFactsColumnReadsBackAsThePublicFacts(t *testing.T) {
	at := time.Date(2026, 11, 3, 20, 30, 0, 123, time.FixedZone("IRST", 12600))
	facts := []cases.Fact{
		{Key: "ruling_summary", Value: cases.Value{Text: "طبقه‌ی \"اضافه\"\\ \x01\t\n ok"}},
		{Key: "national_id", Value: cases.Value{Text: "3974017844"}, Personal: true},
		{Key: "served_on", Value: cases.Value{At: at}},
		{Key: "broken", Value: cases.Value{Text: "a\xffb"}},
	}
	var got []cases.Fact
	if err := json.Unmarshal(appendFacts(nil, facts), &got); err != nil {
		t.Fatalf("%s: %v", appendFacts(nil, facts), err)
	}
	want := []cases.Fact{facts[0], {Key: "served_on", Value: cases.Value{At: at.UTC()}}, {Key: "broken", Value: cases.Value{Text: "a\ufffdb"}}}
	if !slices.EqualFunc(got, want, func(a, b cases.Fact) bool {
		return a.Key == b.Key && a.Text == b.Text && a.At.Equal(b.At) && !a.Personal
	}) {
		t.Fatalf("read back %+v, want %+v", got, want)
	}
	if string(appendFacts(nil, nil)) != "[]" {
		t.Fatal("no facts are not an empty array")
	}
}

func BenchmarkAppendFacts(b *testing.B) {
	facts := []cases.Fact{{Key: "ruling", Value: cases.Value{Text: "fine"}}, {Key: "fine_rials", Value: cases.Value{Text: "50000000"}},
		{Key: "ruling_summary", Value: cases.Value{Text: "an extra floor without a permit"}}, {Key: "notified_on", Value: cases.Value{At: time.Now()}}}
	var buf []byte
	for range b.N {
		buf = appendFacts(buf[:0], facts)
	}
}

package fees_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/fees"
)

func TestEmbeddedSchedules(t *testing.T) {
	t.Parallel()
	if got := fees.Versions(); !slices.Equal(got, []string{"urmia-1403.1", "urmia-1404.1"}) {
		t.Fatalf("versions %v", got)
	}
	s, ok := fees.ForYear(1404)
	if !ok || s.Version != "urmia-1404.1" {
		t.Fatalf("ForYear(1404) = %v, %v", s, ok)
	}
	if _, ok := fees.ForYear(1399); ok {
		t.Fatal("found a schedule for 1399")
	}
	if !slices.Contains(fees.KnownItemCodes(), "permit.floor_density") {
		t.Fatal("KnownItemCodes misses permit.floor_density")
	}
}

// A minimal valid schedule; each case breaks one rule.
const validSchedule = `{"version":"t-1","rounding_rials":1,"items":[
 {"code":"a","title_fa":"الف","services":["s"],"base":"P","quantity":"land_area","rate_bp":100}],
 "discounts":[{"code":"d","percent_bp":100,"items":["a"]}]}`

func TestLoadRejectsBrokenSchedules(t *testing.T) {
	t.Parallel()
	if _, err := fees.Load([]byte(validSchedule)); err != nil {
		t.Fatalf("the valid base schedule fails: %v", err)
	}
	for name, edit := range map[string][2]string{
		"no rounding unit":         {`"rounding_rials":1`, `"rounding_rials":0`},
		"unknown base":             {`"base":"P"`, `"base":"Q"`},
		"two ways to find a rate":  {`"rate_bp":100}`, `"rate_bp":100,"rate_range_bp":[1,2]}`},
		"no way to find a rate":    {`"rate_bp":100}`, `"rate_bp":0}`},
		"fixed base without price": {`"base":"P"`, `"base":"fixed"`},
		"brackets not ascending":   {`"rate_bp":100}`, `"brackets":[{"upto_m2":400,"rate_bp":1},{"upto_m2":200,"rate_bp":1},{"upto_m2":0,"rate_bp":1}]}`},
		"brackets without an end":  {`"rate_bp":100}`, `"brackets":[{"upto_m2":400,"rate_bp":1}]}`},
		"discount on unknown item": {`"items":["a"]`, `"items":["b"]`},
		"discount above 100%":      {`"percent_bp":100`, `"percent_bp":10001`},
		"min above max":            {`"rate_bp":100}`, `"rate_bp":100,"min_rials":5,"max_rials":4}`},
	} {
		t.Run("rejects "+name, func(t *testing.T) {
			t.Parallel()
			broken := strings.Replace(validSchedule, edit[0], edit[1], 1)
			if broken == validSchedule {
				t.Fatalf("edit %q did not apply", edit[0])
			}
			if _, err := fees.Load([]byte(broken)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

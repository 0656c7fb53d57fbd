package catalogue_test

import (
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

func TestTheEmbeddedZoningValidatesAndNamesEveryUse(t *testing.T) {
	t.Parallel()
	if problems := catalogue.ValidateZoning(mustRead(t, "city/zoning.json")); len(problems) > 0 {
		t.Fatal(problems)
	}
	r1, ok := catalogue.ZoneOf("R1")
	if !ok || r1.Name.Fa == "" {
		t.Fatalf("zone R1 = %+v, %v", r1, ok)
	}
	for _, z := range catalogue.Zones() {
		for _, u := range z.Uses {
			if name, ok := catalogue.LandUse(u); !ok || name.Fa == "" {
				t.Errorf("zone %s admits %q, which has no name", z.Code, u)
			}
		}
	}
	if _, ok := catalogue.ZoneOf("X9"); ok {
		t.Fatal("an unknown zone was found")
	}
}

func TestValidateZoningReportsEveryProblem(t *testing.T) {
	t.Parallel()
	got := catalogue.ValidateZoning([]byte(`{"version": "x", "source": "assumed",
		"uses": {"residential": {"fa": "مسکونی", "en": ""}},
		"zones": [
			{"code": "R1", "name": {"fa": "الف", "en": "A"}, "uses": ["residential", "castle"]},
			{"code": "R1", "name": {"fa": "", "en": "B"}, "uses": []}
		]}`))
	want := []string{`uses.residential: both names`, `zones[0]: unknown use "castle"`, `zones[1]: code "R1" listed twice`,
		`zones[1]: both names`, `zones[1]: admits no use`}
	joined := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("problems %q lack %q", got, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems %q, want %d", len(got), got, len(want))
	}
}

package web

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// TestAZoningReplyIsWordedInBothLanguages: the facts of a land-use reply read as a planner
// writes them, lengths to the centimetre and the density also as FAR.
func TestAZoningReplyIsWordedInBothLanguages(t *testing.T) {
	t.Parallel()
	z := cases.Zoning{Zone: "R2", PermittedUses: []string{"residential", "educational"}, DensityPercent: 180,
		CoveragePercent: 60, MaxHeightM: 10.5, MaxFloors: 3, Setbacks: cases.Setbacks{FrontM: 2.25, RearM: 3}}
	got := map[string]Fact{}
	for _, f := range zoningFacts(z.Reply()) {
		got[f.Key] = f
	}
	want := map[string][2]string{
		"zone":           {"پهنه مسکونی (تراکم متوسط) (R2)", "Residential (medium density) (R2)"},
		"permitted_uses": {"مسکونی، آموزشی", "Residential, Educational"},
		"density":        {"۱۸۰٪ (ضریب ۱٫۸)", "180% (FAR 1.8)"},
		"coverage":       {"۶۰٪", "60%"},
		"max_height":     {"۱۰٫۵ متر، ۳ طبقه", "10.5 m, 3 storeys"},
		"setbacks":       {"۲٫۲۵ متر، ۰ متر، ۳ متر", "2.25 m, 0 m, 3 m"},
	}
	if len(got) != len(want) {
		t.Fatalf("facts %v, want %d (no remarks given)", got, len(want))
	}
	for key, w := range want {
		if f := got[key]; f.Text.Fa != w[0] || f.Text.En != w[1] {
			t.Errorf("%s reads %q / %q, want %q / %q", key, f.Text.Fa, f.Text.En, w[0], w[1])
		}
	}
}

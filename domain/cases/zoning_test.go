package cases_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// r2 is a land-use reply whose figures agree: 60 % coverage on 3 floors holds 180 % density.
func r2() *cases.Zoning {
	return &cases.Zoning{Zone: "R2", PermittedUses: []string{"residential", "educational"}, DensityPercent: 180,
		CoveragePercent: 60, MaxHeightM: 10.5, MaxFloors: 3, Setbacks: cases.Setbacks{FrontM: 2.5, RearM: 3},
		Remarks: "بر اصلاحی ۱۲ متری"}
}

// landuseIssue runs an inq.landuse case of catalogue 2026.3 up to issuance and decides issue.
func landuseIssue(t *testing.T, issue cases.Issue) ([]domain.Event, error) {
	t.Helper()
	d := depsOf(t, "2026.3", "inq.landuse")
	sub := submitOf("inq.landuse")
	sub.CatalogueVersion = "2026.3"
	var s cases.State
	for _, c := range []cases.Command{sub, accept, assess(t, "residential"), approveD, payAll{}} {
		evs, err := decide(s, c, d)
		if err != nil {
			t.Fatalf("%T: %v", c, err)
		}
		for _, e := range evs {
			s = cases.Evolve(s, e)
		}
	}
	return cases.Decide(s, issue, d)
}

func TestALandUseReplyStatesItsZoning(t *testing.T) {
	t.Parallel()
	t.Run("issues the reply with the zoning staff entered", func(t *testing.T) {
		withZoning := issue
		withZoning.Zoning = r2()
		evs, err := landuseIssue(t, withZoning)
		if err != nil {
			t.Fatal(err)
		}
		got := evs[0].(*cases.Issued)
		if got.Zoning == nil || got.Zoning.Zone != "R2" || got.Zoning.MaxHeightM != 10.5 || got.Zoning.Setbacks.FrontM != 2.5 {
			t.Fatalf("issued %+v, want the reply's zoning", got.Zoning)
		}
	})
	t.Run("refuses a reply without zoning", func(t *testing.T) {
		_, err := landuseIssue(t, issue)
		wantField(t, err, "zoning", "required")
	})
	t.Run("refuses zoning on a document that states none", func(t *testing.T) {
		withZoning := issue
		withZoning.Zoning = r2()
		_, err := run(t, "inq.fee_estimate", submitOf("inq.fee_estimate"), accept, review, approveD, withZoning)
		wantField(t, err, "zoning", "not_allowed")
	})
	t.Run("a reply stored before replies had content still reads", func(t *testing.T) {
		var old cases.Issued
		if err := json.Unmarshal([]byte(`{"document":"inquiry_reply","number":"1405-AB","verification_code":"x","at":"2026-05-01T08:00:00Z"}`), &old); err != nil || old.Zoning != nil {
			t.Fatalf("old Issued %+v, %v", old, err)
		}
	})
}

func TestZoningIsValidated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, field, code string
		edit              func(z *cases.Zoning)
	}{
		{"an unknown zone", "zoning.zone", cases.CodeZoneUnknown, func(z *cases.Zoning) { z.Zone = "Z9" }},
		{"no zone", "zoning.zone", "required", func(z *cases.Zoning) { z.Zone = " " }},
		{"no permitted use", "zoning.permitted_uses", "required", func(z *cases.Zoning) { z.PermittedUses = nil }},
		{"an unknown use", "zoning.permitted_uses[1]", cases.CodeUseUnknown, func(z *cases.Zoning) { z.PermittedUses[1] = "castle" }},
		{"a use the zone does not admit", "zoning.permitted_uses[1]", cases.CodeUseNotInZone, func(z *cases.Zoning) { z.PermittedUses[1] = "industrial" }},
		{"a use listed twice", "zoning.permitted_uses[1]", "duplicate", func(z *cases.Zoning) { z.PermittedUses[1] = "residential" }},
		{"a FAR typed as a percentage", "zoning.density_percent", cases.CodeOutOfRange, func(z *cases.Zoning) { z.DensityPercent = 0 }},
		{"coverage over the whole plot", "zoning.coverage_percent", cases.CodeOutOfRange, func(z *cases.Zoning) { z.CoveragePercent = 120 }},
		{"no floors", "zoning.max_floors", cases.CodeOutOfRange, func(z *cases.Zoning) { z.MaxFloors = 0 }},
		{"a height in centimetres", "zoning.max_height_m", cases.CodeOutOfRange, func(z *cases.Zoning) { z.MaxHeightM = 1050 }},
		{"a height finer than a centimetre", "zoning.max_height_m", cases.CodePrecision, func(z *cases.Zoning) { z.MaxHeightM = 10.555 }},
		{"a negative setback", "zoning.setbacks.side_m", cases.CodeOutOfRange, func(z *cases.Zoning) { z.Setbacks.SideM = -1 }},
		{"more floor area than coverage on every floor", "zoning.density_percent", cases.CodeDensityTooHigh, func(z *cases.Zoning) { z.DensityPercent = 240 }},
		{"a height that cannot hold the floors", "zoning.max_height_m", cases.CodeHeightTooLow, func(z *cases.Zoning) { z.MaxHeightM = 6 }},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			t.Parallel()
			z := r2()
			tt.edit(z)
			c := issue
			c.Zoning = z
			wantField(t, cases.Validate(c), tt.field, tt.code)
		})
	}
}

func TestAZoningReplyNamesItsCodes(t *testing.T) {
	t.Parallel()
	got := r2().Reply()
	if got.Zone.Name.Fa == "" || got.Zone.Name.Fa == "R2" || got.PermittedUses[0].Name.Fa != "مسکونی" || got.FAR != 1.8 {
		t.Fatalf("reply %+v", got)
	}
}

// wantField fails unless err is Invalid with a problem of field and code.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeInvalid {
		t.Fatalf("err = %v, want invalid %s", err, field)
	}
	for _, f := range de.Fields {
		if f.Field == field && f.Code == code {
			return
		}
	}
	t.Fatalf("problems %+v lack %s/%s", de.Fields, field, code)
}

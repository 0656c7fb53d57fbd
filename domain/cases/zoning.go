package cases

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// Zoning is what a land-use or detailed-plan inquiry reply states about the plot, as staff
// read it from the detailed plan: the zone (a code of catalogue.Zones), the uses it permits
// there, the building density (total floor area as a percentage of the plot, FAR × 100), the
// ground coverage, the height limit in metres and floors, the setbacks in metres and remarks.
type Zoning struct {
	Zone            string   `json:"zone"`
	PermittedUses   []string `json:"permitted_uses"`
	DensityPercent  int      `json:"density_percent"`
	CoveragePercent int      `json:"coverage_percent"`
	MaxHeightM      float64  `json:"max_height_m"`
	MaxFloors       int      `json:"max_floors"`
	Setbacks        Setbacks `json:"setbacks"`
	Remarks         string   `json:"remarks,omitempty"`
}

// Setbacks are how far a building stays back from the plot's front, sides and rear, in metres.
type Setbacks struct {
	FrontM float64 `json:"front_m"`
	SideM  float64 `json:"side_m"`
	RearM  float64 `json:"rear_m"`
}

// The bounds of a zoning reply: a reply is a legal statement, so a value outside them is a
// typing error (a height in centimetres, a FAR typed as a percentage), never a plan's figure.
const (
	maxDensityPercent = 2000 // FAR 20, beyond any tower the city's plan admits
	maxFloors         = 100
	maxHeightM        = 400
	minStoreyM        = 2.4 // the lowest storey the national building code admits
	maxSetbackM       = 100
)

// The field codes of a zoning reply's refusals.
const (
	CodeZoneUnknown    = "zoning.unknown_zone"
	CodeUseUnknown     = "zoning.unknown_use"
	CodeUseNotInZone   = "zoning.use_not_in_zone"
	CodeOutOfRange     = "range"
	CodePrecision      = "precision"
	CodeDensityTooHigh = "zoning.density_exceeds_coverage"
	CodeHeightTooLow   = "zoning.height_below_floors"
)

// check validates a reply against the zoning vocabulary and the bounds above; every field
// problem is named under "zoning.".
func (z Zoning) check() fields {
	var f fields
	zone, known := catalogue.ZoneOf(z.Zone)
	switch {
	case strings.TrimSpace(z.Zone) == "":
		f.Add("zoning.zone", "required", "the zone of the detailed plan is required")
	case !known:
		codes := make([]string, 0, len(catalogue.Zones()))
		for _, zn := range catalogue.Zones() {
			codes = append(codes, zn.Code)
		}
		f.Add("zoning.zone", CodeZoneUnknown, "zone "+strconv.Quote(z.Zone)+" is not in the detailed plan; one of "+strings.Join(codes, ", "))
	}
	if len(z.PermittedUses) == 0 {
		f.Add("zoning.permitted_uses", "required", "name at least one permitted use")
	}
	for i, u := range z.PermittedUses {
		at := "zoning.permitted_uses[" + strconv.Itoa(i) + "]"
		_, isUse := catalogue.LandUse(u)
		switch {
		case !isUse:
			f.Add(at, CodeUseUnknown, strconv.Quote(u)+" is not a land use of the detailed plan; one of "+strings.Join(catalogue.LandUses(), ", "))
		case known && !slices.Contains(zone.Uses, u):
			f.Add(at, CodeUseNotInZone, "zone "+zone.Code+" does not admit "+u+"; it admits "+strings.Join(zone.Uses, ", "))
		case slices.Index(z.PermittedUses, u) < i:
			f.Add(at, "duplicate", u+" is listed twice")
		}
	}
	f.between("zoning.density_percent", float64(z.DensityPercent), 1, maxDensityPercent)
	f.between("zoning.coverage_percent", float64(z.CoveragePercent), 1, 100)
	f.between("zoning.max_floors", float64(z.MaxFloors), 1, maxFloors)
	f.metres("zoning.max_height_m", z.MaxHeightM, minStoreyM, maxHeightM)
	f.metres("zoning.setbacks.front_m", z.Setbacks.FrontM, 0, maxSetbackM)
	f.metres("zoning.setbacks.side_m", z.Setbacks.SideM, 0, maxSetbackM)
	f.metres("zoning.setbacks.rear_m", z.Setbacks.RearM, 0, maxSetbackM)
	if len(f.FieldErrors) > 0 {
		return f
	}
	// The figures must agree: floor area cannot exceed the coverage on every floor, and the
	// height must hold the floors.
	if z.DensityPercent > z.CoveragePercent*z.MaxFloors {
		f.Add("zoning.density_percent", CodeDensityTooHigh, "a density of "+strconv.Itoa(z.DensityPercent)+
			"% exceeds "+strconv.Itoa(z.CoveragePercent)+"% coverage on "+strconv.Itoa(z.MaxFloors)+" floors")
	}
	if z.MaxHeightM < minStoreyM*float64(z.MaxFloors) {
		f.Add("zoning.max_height_m", CodeHeightTooLow, "a height of "+strconv.FormatFloat(z.MaxHeightM, 'f', -1, 64)+
			" m cannot hold "+strconv.Itoa(z.MaxFloors)+" floors")
	}
	return f
}

// between refuses a value outside [lo, hi].
func (f *fields) between(field string, v, lo, hi float64) {
	if v < lo || v > hi {
		f.Add(field, CodeOutOfRange, field+" must be between "+strconv.FormatFloat(lo, 'f', -1, 64)+" and "+strconv.FormatFloat(hi, 'f', -1, 64))
	}
}

// metres refuses a length outside [lo, hi] or finer than a centimetre, which no plan states.
func (f *fields) metres(field string, v, lo, hi float64) {
	f.between(field, v, lo, hi)
	if cm := v * 100; math.Abs(cm-math.Round(cm)) > 1e-6 {
		f.Add(field, CodePrecision, field+" is in metres with at most two decimals")
	}
}

// zoningFor checks a reply's content against what the service's document states: required
// where the catalogue says the document states the zoning, refused where it says nothing.
func zoningFor(svc catalogue.Service, z *Zoning) error {
	states := svc.Issues != nil && svc.Issues.Content == catalogue.ContentZoning
	switch {
	case states && z == nil:
		return domain.Invalid(domain.FieldError{Field: "zoning", Code: "required",
			Message: "a reply of service " + svc.Key + " states the plot's zoning: zone, permitted uses, density, height and setbacks"})
	case !states && z != nil:
		return domain.Invalid(domain.FieldError{Field: "zoning", Code: "not_allowed",
			Message: "the document of service " + svc.Key + " states no zoning"})
	}
	return nil
}

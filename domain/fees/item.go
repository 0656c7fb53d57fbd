package fees

import (
	"errors"
	"slices"
)

// Base is the price reference an item multiplies.
type Base string

// The price references councils' tariffs use.
const (
	BaseRegionalPrice    Base = "P"     // قیمت منطقه‌ای, rials per m²
	BaseTransactionValue Base = "TXV"   // ارزش معاملاتی, rials per m²
	BaseFixed            Base = "fixed" // the item's own FixedRials per unit of quantity
)

// Quantity names which input an item counts.
type Quantity string

// The quantities of domain.md §3; areas are in dm², the others are counts.
const (
	QuantityRequestedArea    Quantity = "requested_area"     // S0
	QuantityRequestedAreaNet Quantity = "requested_area_net" // S0 minus the parking deduction
	QuantityCommercialArea   Quantity = "commercial_area"    // S
	QuantityLandArea         Quantity = "land_area"
	QuantityExcessArea       Quantity = "excess_area"
	QuantityFloors           Quantity = "floors"          // one line per floor area
	QuantityParkingDeficit   Quantity = "parking_deficit" // missing spaces
	QuantityUnit             Quantity = "unit"            // one, for flat charges
)

// check rejects an item that Assess could not compute unambiguously.
func (it Item) check() error {
	if it.Code == "" || it.TitleFa == "" || len(it.Services) == 0 {
		return errors.New("needs a code, a Persian title and services")
	}
	if !slices.Contains([]Base{BaseRegionalPrice, BaseTransactionValue, BaseFixed}, it.Base) ||
		(it.Base == BaseFixed) != (it.FixedRials > 0) {
		return errors.New("unknown base, or fixed_rials without a fixed base")
	}
	rateWays := 0
	for _, set := range []bool{it.RateBP > 0, len(it.Brackets) > 0, len(it.PerFloorBP) > 0, len(it.RateRangeBP) > 0} {
		if set {
			rateWays++
		}
	}
	if rateWays != 1 || (it.Quantity == QuantityFloors) != (len(it.PerFloorBP) > 0) {
		return errors.New("needs exactly one way to find its rate; per-floor rates go with the floors quantity")
	}
	if len(it.RateRangeBP) > 0 && (len(it.RateRangeBP) != 2 || it.RateRangeBP[0] <= 0 || it.RateRangeBP[0] > it.RateRangeBP[1]) {
		return errors.New("rate_range_bp must be [min, max]")
	}
	if it.MinRials < 0 || (it.MaxRials > 0 && it.MinRials > it.MaxRials) || (it.Quantity == QuantityFloors && it.MinRials+it.MaxRials > 0) {
		return errors.New("min/max out of order, or set on a per-floor item")
	}
	return checkBrackets(it.Brackets)
}

// checkBrackets wants ascending upper bounds that end in one open bracket.
func checkBrackets(brackets []Bracket) error {
	for i, b := range brackets {
		last := i == len(brackets)-1
		if b.RateBP <= 0 || (b.UptoM2 == 0) != last || (i > 0 && !last && b.UptoM2 <= brackets[i-1].UptoM2) {
			return errors.New("brackets must ascend and end with an open bracket")
		}
	}
	return nil
}

// appliesTo reports whether the item charges this service for this use.
func (it Item) appliesTo(service, use string) bool {
	return slices.Contains(it.Services, service) && (len(it.Uses) == 0 || slices.Contains(it.Uses, use))
}

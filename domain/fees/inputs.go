package fees

import (
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
)

// Area is an area in square decimetres (0.01 m²), so measured areas stay exact integers.
type Area int64

// SquareMetres converts whole square metres, for callers and tests that have no fraction.
func SquareMetres(m2 int64) Area { return Area(m2 * 100) }

// Uses are the land uses items distinguish.
var Uses = []string{"residential", "residential_complex", "commercial", "office", "industrial"}

// Inputs are the facts an assessment depends on, as the inspector and clerk recorded them.
type Inputs struct {
	Use              string   `json:"use"`
	LandArea         Area     `json:"land_area_dm2"`
	RequestedArea    Area     `json:"requested_area_dm2"`  // S0, total requested floor area
	CommercialArea   Area     `json:"commercial_area_dm2"` // S
	ExcessArea       Area     `json:"excess_area_dm2"`     // built beyond the permit
	FloorAreas       []Area   `json:"floor_areas_dm2"`     // index 0 = ground floor
	ParkingProvided  int      `json:"parking_provided"`
	ParkingRequired  int      `json:"parking_required"`
	RegionalPrice    int64    `json:"regional_price"`    // P, rials per m²
	TransactionValue int64    `json:"transaction_value"` // TXV, rials per m²
	FineRateBP       int64    `json:"fine_rate_bp"`      // the commission's multiplier, for ranged items
	DiscountCodes    []string `json:"discount_codes,omitempty"`
}

// The stable machine codes of input rules.
const (
	CodeUnknownUse      = "fees.unknown_use"
	CodeNegative        = "fees.negative"
	CodePriceRequired   = "fees.price_required"
	CodeRateOutOfRange  = "fees.rate_out_of_range"
	CodeUnknownDiscount = "fees.unknown_discount"
)

// validate reports every input problem for the items that will be charged, not just the first.
// With no known use the items that apply are unknown, so every input the service's items
// need and the request lacks is named too.
func (in Inputs) validate(s *Schedule, service string, items []Item) error {
	var problems domain.FieldErrors
	if !slices.Contains(Uses, in.Use) {
		problems.Add("use", CodeUnknownUse, "use must be one of "+strings.Join(Uses, ", "))
		in.missing(s, service, &problems)
	}
	for field, v := range in.numbers() {
		if v < 0 {
			problems.Add(field, CodeNegative, "must not be negative")
		}
	}
	if slices.ContainsFunc(in.FloorAreas, func(a Area) bool { return a < 0 }) {
		problems.Add("floor_areas_dm2", CodeNegative, "must not be negative")
	}
	for _, it := range items {
		switch {
		case it.Base == BaseRegionalPrice && in.RegionalPrice <= 0:
			problems.Add("regional_price", CodePriceRequired, it.Code+" needs the regional price")
		case it.Base == BaseTransactionValue && in.TransactionValue <= 0:
			problems.Add("transaction_value", CodePriceRequired, it.Code+" needs the transaction value")
		}
		if len(it.RateRangeBP) == 2 && (in.FineRateBP < it.RateRangeBP[0] || in.FineRateBP > it.RateRangeBP[1]) {
			problems.Add("fine_rate_bp", CodeRateOutOfRange, it.Code+" needs a rate within the schedule's range")
		}
	}
	for _, code := range in.DiscountCodes {
		if !slices.ContainsFunc(s.Discounts, func(d Discount) bool { return d.Code == code }) {
			problems.Add("discount_codes", CodeUnknownDiscount, code+" is not a discount of "+s.Version)
		}
	}
	return problems.Err()
}

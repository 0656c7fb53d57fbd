package fees

import (
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
)

// CodeInputNeeded marks an input an item of the service needs and the request left out.
const CodeInputNeeded = "fees.input_needed"

// quantityInputs are the Inputs fields (by JSON name) each quantity counts.
var quantityInputs = map[Quantity][]string{
	QuantityRequestedArea:    {"requested_area_dm2"},
	QuantityRequestedAreaNet: {"requested_area_dm2", "parking_provided"},
	QuantityCommercialArea:   {"commercial_area_dm2"},
	QuantityLandArea:         {"land_area_dm2"},
	QuantityExcessArea:       {"excess_area_dm2"},
	QuantityFloors:           {"floor_areas_dm2"},
	QuantityParkingDeficit:   {"parking_required", "parking_provided"},
}

// Needs lists the Inputs fields (by JSON name) the item's formula reads, besides use: what it
// counts, its price reference, and the commission's rate for ranged items. The API's document
// of fee inputs is checked against it, so the two cannot drift.
func (it Item) Needs() []string {
	needs := slices.Clone(quantityInputs[it.Quantity])
	switch it.Base {
	case BaseRegionalPrice:
		needs = append(needs, "regional_price")
	case BaseTransactionValue:
		needs = append(needs, "transaction_value")
	}
	if len(it.Brackets) > 0 && !slices.Contains(needs, "requested_area_dm2") {
		needs = append(needs, "requested_area_dm2")
	}
	if len(it.RateRangeBP) == 2 {
		needs = append(needs, "fine_rate_bp")
	}
	return needs
}

// missing reports, for an assessment that cannot tell which items apply (no known use), every
// input the service's items need and the request left out, naming the items and their uses,
// so a client learns what to send from the refusal itself.
func (in Inputs) missing(s *Schedule, service string, problems *domain.FieldErrors) {
	byField := map[string][]string{}
	var order []string
	for _, it := range s.Items {
		if !slices.Contains(it.Services, service) {
			continue
		}
		for _, field := range it.Needs() {
			if in.given(field) {
				continue
			}
			if byField[field] == nil {
				order = append(order, field)
			}
			byField[field] = append(byField[field], it.label())
		}
	}
	for _, field := range order {
		problems.Add(field, CodeInputNeeded, "needed by "+strings.Join(byField[field], ", "))
	}
}

// label is the item's code with the uses it is limited to, as a refusal names it.
func (it Item) label() string {
	if len(it.Uses) == 0 {
		return it.Code
	}
	return it.Code + " (" + strings.Join(it.Uses, ", ") + ")"
}

// given reports whether the request set the input field (a zero counts as left out).
func (in Inputs) given(field string) bool {
	switch field {
	case "floor_areas_dm2":
		return len(in.FloorAreas) > 0
	case "fine_rate_bp":
		return in.FineRateBP != 0
	}
	return in.numbers()[field] != 0
}

// numbers are the counted and priced inputs by JSON name.
func (in Inputs) numbers() map[string]int64 {
	return map[string]int64{
		"land_area_dm2": int64(in.LandArea), "requested_area_dm2": int64(in.RequestedArea),
		"commercial_area_dm2": int64(in.CommercialArea), "excess_area_dm2": int64(in.ExcessArea),
		"parking_provided": int64(in.ParkingProvided), "parking_required": int64(in.ParkingRequired),
		"regional_price": in.RegionalPrice, "transaction_value": in.TransactionValue,
	}
}

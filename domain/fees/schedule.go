package fees

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Schedule is one council-approved tariff for one Jalali year, identified by Version
// ("urmia-1404.1") so an assessment names exactly the rules it used.
type Schedule struct {
	Version        string      `json:"version"`
	Municipality   string      `json:"municipality"`
	JalaliYear     int         `json:"jalali_year"`
	ApprovedBy     string      `json:"approved_by"`
	EffectiveFrom  jalali.Date `json:"effective_from"`
	Source         string      `json:"source"` // "cited" or "assumed"
	RoundingRials  int64       `json:"rounding_rials"`
	ParkingSpaceM2 int64       `json:"parking_space_m2"` // requested area deducted per parking space provided
	Items          []Item      `json:"items"`
	Discounts      []Discount  `json:"discounts"`
}

// Item is one charge: rate × quantity × price reference, for the services and uses it names.
type Item struct {
	Code     string   `json:"code"`
	TitleFa  string   `json:"title_fa"`
	TitleEn  string   `json:"title_en"`
	Services []string `json:"services"`
	Uses     []string `json:"uses,omitempty"` // empty: every use
	Base     Base     `json:"base"`
	Quantity Quantity `json:"quantity"`
	// Exactly one way to find the rate: a flat rate, brackets on the requested area, a rate
	// per floor, or a range the commission chooses within (Inputs.FineRateBP).
	RateBP      int64     `json:"rate_bp,omitempty"`
	Brackets    []Bracket `json:"brackets,omitempty"`
	PerFloorBP  []int64   `json:"per_floor_bp,omitempty"`  // index 0 = ground floor
	AboveStepBP int64     `json:"above_step_bp,omitempty"` // added per floor above the list ("10+")
	RateRangeBP []int64   `json:"rate_range_bp,omitempty"` // [min, max]
	FixedRials  int64     `json:"fixed_rials,omitempty"`   // the price when Base is fixed
	MinRials    int64     `json:"min_rials,omitempty"`
	MaxRials    int64     `json:"max_rials,omitempty"`
}

// Bracket applies RateBP to the whole area when the requested area is at most UptoM2;
// UptoM2 == 0 marks the open last bracket.
type Bracket struct {
	UptoM2 int64 `json:"upto_m2"`
	RateBP int64 `json:"rate_bp"`
}

// Discount is a council-approved reduction on some items, capped in rials (0: no cap).
type Discount struct {
	Code      string   `json:"code"`
	TitleFa   string   `json:"title_fa"`
	TitleEn   string   `json:"title_en"`
	PercentBP int64    `json:"percent_bp"`
	CapRials  int64    `json:"cap_rials"`
	Items     []string `json:"items"`
}

// Load parses and checks a schedule file; a schedule that loads can always be assessed.
func Load(data []byte) (*Schedule, error) {
	var s Schedule
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("fees: schedule: %w", err)
	}
	if s.Version == "" || s.RoundingRials < 1 || s.ParkingSpaceM2 < 0 {
		return nil, fmt.Errorf("fees: schedule %q needs a version and a rounding unit", s.Version)
	}
	codes := map[string]bool{}
	for _, it := range s.Items {
		if codes[it.Code] {
			return nil, fmt.Errorf("fees: %s: duplicate item %q", s.Version, it.Code)
		}
		codes[it.Code] = true
		if err := it.check(); err != nil {
			return nil, fmt.Errorf("fees: %s: item %q: %w", s.Version, it.Code, err)
		}
	}
	seen := map[string]bool{}
	for _, d := range s.Discounts {
		if seen[d.Code] || d.PercentBP <= 0 || d.PercentBP > 10000 || d.CapRials < 0 ||
			slices.ContainsFunc(d.Items, func(c string) bool { return !codes[c] }) {
			return nil, fmt.Errorf("fees: %s: discount %q is duplicate, out of range or names an unknown item", s.Version, d.Code)
		}
		seen[d.Code] = true
	}
	return &s, nil
}

// item returns the item with code, if the schedule has it.
func (s *Schedule) item(code string) (Item, bool) {
	i := slices.IndexFunc(s.Items, func(it Item) bool { return it.Code == code })
	if i < 0 {
		return Item{}, false
	}
	return s.Items[i], true
}

// ItemCodes lists the schedule's item codes in file order; the catalogue checks against them.
func (s *Schedule) ItemCodes() []string {
	codes := make([]string, len(s.Items))
	for i, it := range s.Items {
		codes[i] = it.Code
	}
	return codes
}

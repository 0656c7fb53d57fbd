package fees

import (
	"fmt"
	"math"
	"slices"
)

// Line is one charged (or, for a discount, negative) amount with the figures that produced
// it: Amount = Quantity × Base × Rate / (unit scale × 10000), rounded half up.
type Line struct {
	Code     string `json:"code"`
	TitleFa  string `json:"title_fa"`
	TitleEn  string `json:"title_en"`
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"` // dm2, space, unit or rial (discounts: Quantity is the discounted sum)
	Base     int64  `json:"base"` // rials per unit of quantity
	Rate     int64  `json:"rate_bp"`
	Amount   int64  `json:"amount"`
}

// Assessment is the result stored in a case: recomputing it needs only the schedule named by
// ScheduleVersion and the Inputs, and the Lines show every step.
type Assessment struct {
	ScheduleVersion string `json:"schedule_version"`
	Service         string `json:"service"`
	Inputs          Inputs `json:"inputs"`
	Lines           []Line `json:"lines"`
	RoundingRials   int64  `json:"rounding_rials"`
	Total           int64  `json:"total"`
}

// Assess charges serviceKey under schedule s: every item that applies to the service and use,
// then the requested discounts, then rounding. An item with nothing to count (no parking
// deficit, no floors) adds no line and needs no price; a service with no items costs nothing.
func Assess(s *Schedule, serviceKey string, in Inputs) (Assessment, error) {
	var items []Item
	for _, it := range s.Items {
		if it.appliesTo(serviceKey, in.Use) && it.counts(s, in) {
			items = append(items, it)
		}
	}
	if err := in.validate(s, serviceKey, items); err != nil {
		return Assessment{}, err
	}
	a := Assessment{ScheduleVersion: s.Version, Service: serviceKey, Inputs: in, RoundingRials: s.RoundingRials}
	for _, it := range items {
		lines, err := it.charge(s, in)
		if err != nil {
			return Assessment{}, err
		}
		a.Lines = append(a.Lines, lines...)
	}
	for _, d := range s.Discounts {
		if !slices.Contains(in.DiscountCodes, d.Code) {
			continue
		}
		line, err := d.apply(a.Lines)
		if err != nil {
			return Assessment{}, err
		}
		a.Lines = append(a.Lines, line)
	}
	var sum int64
	for _, l := range a.Lines {
		if l.Amount > 0 && sum > math.MaxInt64-l.Amount {
			return Assessment{}, fmt.Errorf("fees: %s: total does not fit int64", serviceKey)
		}
		sum += l.Amount
	}
	a.Total = max(0, sum/s.RoundingRials*s.RoundingRials)
	return a, nil
}

// apply computes the discount on the lines of its items as a negative line.
func (d Discount) apply(lines []Line) (Line, error) {
	var base int64
	for _, l := range lines {
		if slices.Contains(d.Items, l.Code) {
			base += l.Amount
		}
	}
	amount, err := mulDiv(base, d.PercentBP, 1, 10000)
	if err != nil {
		return Line{}, err
	}
	if d.CapRials > 0 {
		amount = min(amount, d.CapRials)
	}
	return Line{Code: "discount." + d.Code, TitleFa: d.TitleFa, TitleEn: d.TitleEn,
		Quantity: base, Unit: "rial", Base: 1, Rate: d.PercentBP, Amount: -amount}, nil
}

// lineFor builds one line of item it; scale is how many quantity units make one priced unit.
func (it Item) lineFor(quantity int64, unit string, scale, base, rate int64) (Line, error) {
	amount, err := mulDiv(quantity, base, rate, scale*10000)
	if err != nil {
		return Line{}, fmt.Errorf("%s: %w", it.Code, err)
	}
	if it.MinRials > 0 && quantity > 0 {
		amount = max(amount, it.MinRials)
	}
	if it.MaxRials > 0 {
		amount = min(amount, it.MaxRials)
	}
	return Line{Code: it.Code, TitleFa: it.TitleFa, TitleEn: it.TitleEn,
		Quantity: quantity, Unit: unit, Base: base, Rate: rate, Amount: amount}, nil
}

package fees_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/fees"
)

// FuzzAssess checks what must hold for any inputs: Assess never panics, and an accepted
// assessment's total is the rounded-down, non-negative sum of its lines.
func FuzzAssess(f *testing.F) {
	f.Add("permit.new", "residential", int64(35025), int64(12000), 2, 3, int64(1_234_567), int64(20_000_000), int64(0), true)
	f.Add("viol.art100", "commercial", int64(0), int64(4000), 0, 0, int64(0), int64(9_000_000), int64(25000), false)
	f.Add("waste.commercial", "office", int64(1), int64(1), 0, 0, int64(1), int64(1), int64(1), true)
	s := mustSchedule(f, "urmia-1404.1")
	f.Fuzz(func(t *testing.T, service, use string, area, floor int64, provided, required int,
		p, txv, fineRate int64, discount bool) {
		in := fees.Inputs{Use: use, RequestedArea: fees.Area(area), LandArea: fees.Area(area),
			CommercialArea: fees.Area(area), ExcessArea: fees.Area(floor), FloorAreas: []fees.Area{fees.Area(floor), fees.Area(area)},
			ParkingProvided: provided, ParkingRequired: required, RegionalPrice: p, TransactionValue: txv, FineRateBP: fineRate}
		if discount {
			in.DiscountCodes = []string{"worn_fabric", "early_payment"}
		}
		a, err := fees.Assess(s, service, in)
		if err != nil {
			return
		}
		var sum int64
		for _, l := range a.Lines {
			sum += l.Amount
		}
		if want := max(0, sum/s.RoundingRials*s.RoundingRials); a.Total != want || a.Total < 0 {
			t.Fatalf("total %d, want %d from lines %+v", a.Total, want, a.Lines)
		}
	})
}

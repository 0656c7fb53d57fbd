package fees_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// mustSchedule returns an embedded schedule by version.
func mustSchedule(tb testing.TB, version string) *fees.Schedule {
	tb.Helper()
	s, ok := fees.ByVersion(version)
	if !ok {
		tb.Fatalf("no schedule %s", version)
	}
	return s
}

// amounts returns code:amount pairs, the part of an assessment the worked examples check.
func amounts(a fees.Assessment) []string {
	var out []string
	for _, l := range a.Lines {
		out = append(out, l.Code+":"+strconv.FormatInt(l.Amount, 10))
	}
	return out
}

func TestAssessWorkedExamples(t *testing.T) {
	t.Parallel()
	s := mustSchedule(t, "urmia-1404.1")
	tests := []struct {
		name    string
		service string
		in      fees.Inputs
		lines   []string
		total   int64
	}{
		// Three floors of 120, 120 and 110.25 m², P = 1,234,567 rials/m², k = 5, 6, 6:
		//   ground 120 × 1,234,567 × 5 = 740,740,200
		//   first  120 × 1,234,567 × 6 = 888,888,240
		//   second 110.25 × 6 = 661.5; 661.5 × 1,234,567 = 816,666,070.5 → half up 816,666,071
		// One missing parking space at TXV 20,000,000 × 12.5 = 250,000,000.
		// Worn-fabric 50% of the density lines (2,446,294,511) = 1,223,147,255.5 → capped at
		// 500,000,000. Sum 2,196,294,511, rounded down to 10,000: 2,196,290,000.
		{"residential permit by floor with a capped discount", "permit.new", fees.Inputs{
			Use: "residential", FloorAreas: []fees.Area{12000, 12000, 11025}, RequestedArea: 35025,
			ParkingRequired: 3, ParkingProvided: 2, RegionalPrice: 1_234_567, TransactionValue: 20_000_000,
			DiscountCodes: []string{"worn_fabric"},
		}, []string{"permit.floor_density:740740200", "permit.floor_density:888888240", "permit.floor_density:816666071",
			"permit.parking_shortfall:250000000", "discount.worn_fabric:-500000000"}, 2_196_290_000},
		// Complex of S0 = 350 m² with 2 spaces: bracket ≤ 400 m² gives X = 20%; area after the
		// parking deduction 350 − 2 × 20 = 310 m²; 310 × 1,200,000 × 0.20 = 74,400,000.
		{"residential complex in the 400 m² bracket", "permit.new", fees.Inputs{
			Use: "residential_complex", RequestedArea: fees.SquareMetres(350), ParkingProvided: 2,
			RegionalPrice: 1_200_000, TransactionValue: 20_000_000,
		}, []string{"permit.complex_density:74400000"}, 74_400_000},
		// S0 = 200 m² exactly stays in the 15% bracket: 200 × 1,200,000 × 0.15 = 36,000,000.
		{"bracket bound is inclusive", "permit.new", fees.Inputs{
			Use: "residential_complex", RequestedArea: fees.SquareMetres(200), RegionalPrice: 1_200_000,
		}, []string{"permit.complex_density:36000000"}, 36_000_000},
		// S0 = 200.01 m² moves to 20%: 200.01 × 1,200,000 × 0.2 = 48,002,400.
		{"just over a bound takes the next bracket", "permit.new", fees.Inputs{
			Use: "residential_complex", RequestedArea: 20001, RegionalPrice: 1_200_000,
		}, []string{"permit.complex_density:48002400"}, 48_000_000},
		// S0 = 650 m² with 3 spaces: X = 30% on 650 − 60 = 590 m²: 590 × 1,200,000 × 0.3 = 212,400,000.
		{"open top bracket", "permit.extend", fees.Inputs{
			Use: "residential_complex", RequestedArea: fees.SquareMetres(650), ParkingProvided: 3, RegionalPrice: 1_200_000,
		}, []string{"permit.complex_density:212400000"}, 212_400_000},
		// Eight floors of 100 m² at P = 1,000,000: k = 5, 6, 6, 7, 8, 10, then 10+1 = 11 and 12
		// for the floors above the list: (5+6+6+7+8+10+11+12) × 100,000,000 = 6,500,000,000.
		{"floors above the table step up", "permit.floors", fees.Inputs{
			Use: "residential", FloorAreas: slices.Repeat([]fees.Area{fees.SquareMetres(100)}, 8), RegionalPrice: 1_000_000,
		}, []string{"permit.floor_density:500000000", "permit.floor_density:600000000", "permit.floor_density:600000000",
			"permit.floor_density:700000000", "permit.floor_density:800000000", "permit.floor_density:1000000000",
			"permit.floor_density:1100000000", "permit.floor_density:1200000000"}, 6_500_000_000},
		// Article 100, 40 m² residential excess at TXV 20,000,000, commission rate 1.5×:
		// 40 × 20,000,000 × 1.5 = 1,200,000,000.
		{"article 100 fine at the commission's rate", "viol.art100", fees.Inputs{
			Use: "residential", ExcessArea: fees.SquareMetres(40), TransactionValue: 20_000_000, FineRateBP: 15000,
		}, []string{"viol.excess_residential:1200000000"}, 1_200_000_000},
		// A 12 m² shop: 12 × 150,000 = 1,800,000, raised to the 3,000,000 minimum.
		{"commercial waste minimum", "waste.commercial", fees.Inputs{
			Use: "commercial", CommercialArea: fees.SquareMetres(12),
		}, []string{"waste.commercial:3000000"}, 3_000_000},
		// A 2,000 m² store: 2,000 × 150,000 = 300,000,000, cut to the 200,000,000 maximum.
		{"commercial waste maximum", "waste.commercial", fees.Inputs{
			Use: "commercial", CommercialArea: fees.SquareMetres(2000),
		}, []string{"waste.commercial:200000000"}, 200_000_000},
		// Early payment: 10% of a 74,400,000 complex fee = 7,440,000.
		{"uncapped percentage discount", "permit.new", fees.Inputs{
			Use: "residential_complex", RequestedArea: fees.SquareMetres(350), ParkingProvided: 2,
			RegionalPrice: 1_200_000, DiscountCodes: []string{"early_payment"},
		}, []string{"permit.complex_density:74400000", "discount.early_payment:-7440000"}, 66_960_000},
		{"a service without fees costs nothing", "inq.agency", fees.Inputs{Use: "residential"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := fees.Assess(s, tt.service, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := amounts(a); !slices.Equal(got, tt.lines) || a.Total != tt.total {
				t.Fatalf("lines %v total %d; want %v total %d", got, a.Total, tt.lines, tt.total)
			}
			if a.ScheduleVersion != "urmia-1404.1" || a.Service != tt.service {
				t.Fatalf("assessment does not name its schedule and service: %+v", a)
			}
		})
	}
}

func TestAssessReportsEveryInputProblem(t *testing.T) {
	t.Parallel()
	_, err := fees.Assess(mustSchedule(t, "urmia-1404.1"), "viol.art100", fees.Inputs{
		Use: "residential", LandArea: -1, ExcessArea: fees.SquareMetres(40), FineRateBP: 35000, DiscountCodes: []string{"mayors_friend"},
	})
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeInvalid {
		t.Fatalf("want an invalid-input error, got %v", err)
	}
	var codes []string
	for _, f := range de.Fields {
		codes = append(codes, f.Field+"="+f.Code)
	}
	slices.Sort(codes)
	want := []string{"discount_codes=fees.unknown_discount", "fine_rate_bp=fees.rate_out_of_range",
		"land_area_dm2=fees.negative", "transaction_value=fees.price_required"}
	if !slices.Equal(codes, want) {
		t.Fatalf("field errors %v, want %v", codes, want)
	}
}

// An assessment without a known use cannot tell which items apply, so the refusal names the
// uses and every input the service's items need, with the items that need it.
func TestAssessRejectsAnUnknownUse(t *testing.T) {
	t.Parallel()
	_, err := fees.Assess(mustSchedule(t, "urmia-1404.1"), "permit.new", fees.Inputs{Use: "castle", RegionalPrice: 5_000_000})
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 || de.Fields[0].Code != fees.CodeUnknownUse ||
		!strings.Contains(de.Fields[0].Message, "residential_complex") {
		t.Fatalf("want an unknown-use error naming the uses first, got %v", err)
	}
	var needed []string
	for _, f := range de.Fields[1:] {
		if f.Code != fees.CodeInputNeeded || !strings.Contains(f.Message, "permit.") {
			t.Errorf("%s: %s %q, want %s naming the items", f.Field, f.Code, f.Message, fees.CodeInputNeeded)
		}
		needed = append(needed, f.Field)
	}
	slices.Sort(needed)
	want := []string{"commercial_area_dm2", "floor_areas_dm2", "parking_provided", "parking_required", "requested_area_dm2", "transaction_value"}
	if !slices.Equal(needed, want) {
		t.Fatalf("inputs named %v, want %v (regional_price was given)", needed, want)
	}
}

func TestAssessReportsOverflowInsteadOfWrapping(t *testing.T) {
	t.Parallel()
	_, err := fees.Assess(mustSchedule(t, "urmia-1404.1"), "viol.art100", fees.Inputs{
		Use: "residential", ExcessArea: 1 << 40, TransactionValue: 1 << 40, FineRateBP: 30000,
	})
	if err == nil {
		t.Fatal("an amount beyond int64 was accepted")
	}
}

func TestAssessReportsAnOverflowingTotal(t *testing.T) {
	t.Parallel()
	// 100,000 m² floors at P = 8·10^12 with k = 5, 6, 6 give lines of 4.0, 4.8 and 4.8·10^18
	// rials: each fits int64 (max ≈ 9.22·10^18), their sum does not.
	_, err := fees.Assess(mustSchedule(t, "urmia-1404.1"), "permit.floors", fees.Inputs{
		Use: "residential", FloorAreas: slices.Repeat([]fees.Area{fees.SquareMetres(100_000)}, 3), RegionalPrice: 8_000_000_000_000,
	})
	if err == nil {
		t.Fatal("a total beyond int64 was accepted")
	}
}

package web

import (
	"context"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// fakeSource is a hand-written Source with fixed figures for handler tests.
type fakeSource struct {
	dashboard Dashboard
	certs     map[string]fakeCert // by number
	permits   []Permit
	err       error
}

type fakeCert struct {
	code string
	v    Verification
}

var _ Source = (*fakeSource)(nil)

func (f *fakeSource) Dashboard(context.Context) (Dashboard, error) { return f.dashboard, f.err }

func (f *fakeSource) Verify(_ context.Context, number, code string) (Verification, error) {
	if f.err != nil {
		return Verification{}, f.err
	}
	c, ok := f.certs[number]
	if !ok || c.code != code {
		return Verification{Status: StatusUnknown}, nil
	}
	return c.v, nil
}

func (f *fakeSource) PermitRegister(context.Context) ([]Permit, error) { return f.permits, f.err }

func ptr(v float64) *float64 { return &v }

var (
	residential = "residential"
	floors      = 4
)

// newFakeSource is a small city: two services, one with a name that must be escaped, a
// suppressed cell, three months of trend and three certificates.
func newFakeSource() *fakeSource {
	issued := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	until := issued.AddDate(1, 0, 0)
	permit := catalogue.Text{Fa: "پروانه ساختمانی", En: "Building permit"}
	return &fakeSource{
		dashboard: Dashboard{
			AsOf: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Month: Month{1405, 9},
			Recent: lastDays(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), 30),
			Services: []ServiceStats{
				{Key: "building_permit", Name: permit, CasesThisMonth: Count{N: 1234}, MedianDays: ptr(12.5), DeadlineDays: 15,
					WithinDeadline: ptr(0.83), WaitingOnStaff: Count{N: 40}, WaitingOnApplicant: Count{N: 17},
					Recent: WindowStats{Submitted: Count{N: 310}, Decided: Count{N: 250}, MeanDays: ptr(9.5), WithinDeadline: ptr(0.9)}},
				{Key: "odd", Name: catalogue.Text{Fa: "<script>alert(1)</script>", En: "<b>odd</b> & co"}, CasesThisMonth: Count{Suppressed: true},
					DeadlineDays: 10, WaitingOnStaff: Count{N: 6}, WaitingOnApplicant: Count{Suppressed: true},
					Recent: WindowStats{Submitted: Count{Suppressed: true}}},
			},
			Trend: []MonthStats{
				{Month: Month{1405, 7}, Submitted: Count{N: 90}, Decided: Count{N: 70}, ViolationsReported: Count{N: 12}, ViolationsRuled: Count{N: 8}, FeesCollected: 1_250_000_000},
				{Month: Month{1405, 8}, Submitted: Count{N: 110}, Decided: Count{N: 95}, ViolationsReported: Count{Suppressed: true}, ViolationsRuled: Count{N: 9}, FeesCollected: 2_000_000_000},
				{Month: Month{1405, 9}, Submitted: Count{N: 60}, Decided: Count{N: 30}, ViolationsReported: Count{N: 7}, ViolationsRuled: Count{N: 5}, FeesCollected: 640_000_000},
			},
		},
		certs: map[string]fakeCert{
			"1405-AB12CD34": {code: "0a1b2c3d4e5f", v: Verification{Status: StatusValid, Number: "1405-AB12CD34", Service: permit, Issued: issued, ValidUntil: &until, District: "3"}},
			"1405-REVOKED1": {code: "123456789abc", v: Verification{Status: StatusRevoked, Number: "1405-REVOKED1", Service: permit, Issued: issued, District: "5"}},
			"1404-EXPIRED1": {code: "cafebabe0000", v: Verification{Status: StatusExpired, Number: "1404-EXPIRED1", Service: permit, Issued: issued.AddDate(-2, 0, 0), District: "1"}},
		},
		permits: []Permit{{Number: "1405-AB12CD34", Service: "building_permit", Name: permit, Status: "valid", Issued: issued,
			ValidUntil: &until, District: "3", Use: &residential, Floors: &floors, AreaM2: ptr(420.5), FeeTotal: 350_000_000}},
	}
}

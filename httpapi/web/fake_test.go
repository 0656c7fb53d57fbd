package web

import (
	"context"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// fakeSource is a hand-written Source with fixed figures for handler tests.
type fakeSource struct {
	dashboard Dashboard
	certs     map[string]fakeCert // by number
	permits   []Permit
	cases     map[string]fakeCase // by tracking number
	links     map[string]string   // short-link token → tracking number ("" for a case without one)
	err       error
}

type fakeCase struct {
	last4 string
	st    CaseStatus
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

func (f *fakeSource) Freshness(context.Context) (time.Time, Freshness, error) {
	return f.dashboard.AsOf, f.dashboard.Freshness, f.err
}

func (f *fakeSource) Track(_ context.Context, number, last4 string) (CaseStatus, bool, error) {
	c, ok := f.cases[number]
	if f.err != nil || !ok || c.last4 != last4 {
		return CaseStatus{}, false, f.err
	}
	return c.st, true, nil
}

func (f *fakeSource) ShortLink(_ context.Context, token string) (string, bool, error) {
	number, ok := f.links[token]
	return number, ok, f.err
}

func (f *fakeSource) PermitRegister(context.Context) ([]Permit, error) { return f.permits, f.err }

func ptr(v float64) *float64 { return &v }

var (
	residential = "residential"
	floors      = 4
)

// newFakeSource is a small city: two services, one with a name that must be escaped, hidden
// cells, two districts, three months of trend (the last still running) and three certificates.
func newFakeSource() *fakeSource {
	issued := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	until := issued.AddDate(1, 0, 0)
	permit := catalogue.Text{Fa: "پروانه ساختمانی", En: "Building permit"}
	return &fakeSource{
		dashboard: Dashboard{
			AsOf: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Recent: Days{From: time.Date(2026, 10, 28, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), N: 30},
			City: Figures{Submitted: Count{N: 1240}, Decided: Count{N: 260}, MedianDays: ptr(9.5), WithinDeadline: ptr(0.9)},
			Open: OpenCases{WaitingOnStaff: Count{N: 48}, WaitingOnApplicant: Count{N: 19}},
			Services: []ServiceStats{
				{Key: "building_permit", Name: permit, DeadlineDays: 15,
					Figures: Figures{Submitted: Count{N: 1234}, Decided: Count{N: 250}, MedianDays: ptr(12.5), WithinDeadline: ptr(0.83)},
					Open:    OpenCases{WaitingOnStaff: Count{N: 40}, WaitingOnApplicant: Count{Suppressed: true}}},
				{Key: "odd", Name: catalogue.Text{Fa: "<script>alert(1)</script>", En: "<b>odd</b> & co"}, DeadlineDays: 10,
					Figures: Figures{Submitted: Count{Suppressed: true}, Decided: Count{N: 10}, MedianDays: ptr(11), WithinDeadline: ptr(0.4)},
					Open:    OpenCases{WaitingOnStaff: Count{N: 8}, WaitingOnApplicant: Count{Suppressed: true}}},
			},
			Districts: []DistrictStats{
				{District: "3", Figures: Figures{Submitted: Count{N: 1000}, Decided: Count{N: 200}, MedianDays: ptr(9), WithinDeadline: ptr(0.92)}},
				{District: "5", Figures: Figures{Submitted: Count{Suppressed: true}, Decided: Count{N: 60}, MedianDays: ptr(10), WithinDeadline: ptr(0.85)}},
			},
			Trend: []MonthStats{
				{Month: Month{1405, 7}, Figures: Figures{Submitted: Count{N: 90}, Decided: Count{N: 70}, MedianDays: ptr(8), WithinDeadline: ptr(0.9)},
					ViolationsReported: Count{N: 12}, ViolationsRuled: Count{N: 8}, FeesCollected: 1_250_000_000},
				{Month: Month{1405, 8}, Figures: Figures{Submitted: Count{N: 110}, Decided: Count{N: 95}, MedianDays: ptr(9), WithinDeadline: ptr(0.88)},
					ViolationsReported: Count{Suppressed: true}, ViolationsRuled: Count{N: 9}, FeesCollected: 2_000_000_000},
				{Month: Month{1405, 9}, Partial: true, Figures: Figures{Submitted: Count{N: 60}, Decided: Count{Suppressed: true}},
					ViolationsReported: Count{N: 7}, ViolationsRuled: Count{N: 5}, FeesCollected: 640_000_000},
			},
			Log: &LogCheckpoint{Size: 123_456, Root: []byte("a SHA-256 root is 32 bytes long."), SignedAt: time.Date(2026, 11, 26, 11, 58, 0, 0, time.UTC)},
		},
		certs: map[string]fakeCert{
			"1405-AB12CD34": {code: "0a1b2c3d4e5f", v: Verification{Status: StatusValid, Number: "1405-AB12CD34", Service: permit, Issued: issued, ValidUntil: &until, District: "3", Plot: "1617/72", Section: 3,
				Document: "permit", Facts: []Fact{{Key: "land_use", Text: catalogue.Text{Fa: "مسکونی", En: "Residential"}}, {Key: "floors", Number: 4}, {Key: "area", Number: 420.5, Unit: "m2"}}}},
			"1405-REVOKED1": {code: "123456789abc", v: Verification{Status: StatusRevoked, Number: "1405-REVOKED1", Service: permit, Issued: issued, District: "5", Document: "permit"}},
			"1404-EXPIRED1": {code: "cafebabe0000", v: Verification{Status: StatusExpired, Number: "1404-EXPIRED1", Service: permit, Issued: issued.AddDate(-2, 0, 0), District: "1", Document: "certificate"}},
		},
		links: map[string]string{"h7tne7fcwf": "1405-1-00042-1", "38cnw93xut": ""},
		cases: map[string]fakeCase{"1405-1-00042-1": {last4: "0123", st: CaseStatus{Number: "1405-1-00042-1", Service: permit, Status: "returned_for_documents",
			Text: catalogue.Text{Fa: "در انتظار مدارک متقاضی", En: "Waiting for the applicant's documents"}, WaitsOn: lifecycle.Applicant, Due: &until,
			Next: []catalogue.Text{{Fa: "ارسال مدارک", En: "Provide the documents"}}}}},
		permits: []Permit{{Number: "1405-AB12CD34", Service: "building_permit", Name: permit, Status: "valid", Issued: Date{issued},
			ValidUntil: &Date{until}, District: "3", Use: &residential, Floors: &floors, AreaM2: ptr(420.5), FeeTotal: 350_000_000}},
	}
}

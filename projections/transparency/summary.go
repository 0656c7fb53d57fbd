package transparency

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/dashboard"
)

// Figures are one published row: the city, a service or a district over a run of days, or
// the city in one month. Counts are nil when hidden (see hide); the timing figures, one
// statistic per measure on every page, are published only beside a published count of at
// least MinCell decisions, since a share of a hidden count would narrow it down.
type Figures struct {
	Key            string   `json:"key"` // service key, district, or "" for the city
	Submitted      *int     `json:"submitted"`
	Decided        *int     `json:"decided"`
	MedianDays     *float64 `json:"median_working_days"`   // working days with staff, submission to decision
	WithinDeadline *float64 `json:"share_within_deadline"` // share decided within the legal deadline, 0..1
}

// OpenCases are the cases open now, by whose turn it is; nil when hidden.
type OpenCases struct {
	Key              string `json:"key"` // service key, or "" for the city
	WaitingStaff     *int   `json:"waiting_on_staff"`
	WaitingApplicant *int   `json:"waiting_on_applicant"`
}

// MonthSummary is the city in one Jalali month.
type MonthSummary struct {
	Month string `json:"month"` // "1405/03"
	Figures
	ViolationsReported *int  `json:"violations_reported"`
	ViolationsRuled    *int  `json:"violations_ruled"`
	FeesCollected      int64 `json:"fees_collected_rials"`
}

// Summary is everything the public pages publish about the city's cases in one read: totals
// over every case, and their breakdowns with small cells hidden so that no hidden cell can be
// worked out from the published ones.
type Summary struct {
	From, To  time.Time // the Tehran days of the run, both included, at UTC midnight
	City      Figures   // the run's city totals
	Services  []Figures // each service in the run, ordered by key
	Districts []Figures // each district in the run, ordered by key
	Open      OpenCases // the city's open cases
	Backlogs  []OpenCases
	Months    []MonthSummary // oldest first
}

// Summary reads the days Tehran days that end with now's and every month.
func (r Reader) Summary(ctx context.Context, now time.Time, days int) (Summary, error) {
	to := caseevent.Day(now)
	s := Summary{From: to.AddDate(0, 0, 1-max(days, 1)), To: to}
	dash := dashboard.Reader{Reads: r.Reads}
	services, err := dash.Range(ctx, dashboard.ByService, s.From, s.To)
	if err != nil {
		return Summary{}, fmt.Errorf("range by service: %w", err)
	}
	districts, err := dash.Range(ctx, dashboard.ByDistrict, s.From, s.To)
	if err != nil {
		return Summary{}, fmt.Errorf("range by district: %w", err)
	}
	s.City, s.Services, s.Districts = publishRange(services[0], services[1:], districts[1:])
	backlogs, err := dash.Backlogs(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("backlogs: %w", err)
	}
	s.Open, s.Backlogs = publishOpen(backlogs)
	if s.Months, err = r.months(ctx, dash); err != nil {
		return Summary{}, err
	}
	return s, nil
}

// publishRange hides the small cells of each column of the run, guarding each against the
// city total of that column, which is split both by service and by district.
func publishRange(city dashboard.Totals, splits ...[]dashboard.Totals) (Figures, []Figures, []Figures) {
	out := make([][]Figures, len(splits))
	for i, rows := range splits {
		out[i] = make([]Figures, len(rows))
		for j, t := range rows {
			out[i][j].Key = t.Key
		}
	}
	cityOut := Figures{}
	for _, col := range []struct {
		pick func(dashboard.Totals) int
		set  func(*Figures, *int)
	}{
		{func(t dashboard.Totals) int { return t.Submitted }, func(f *Figures, n *int) { f.Submitted = n }},
		{func(t dashboard.Totals) int { return t.Decided }, func(f *Figures, n *int) { f.Decided = n }},
	} {
		parts := make([][]int, len(splits))
		for i, rows := range splits {
			for _, t := range rows {
				parts[i] = append(parts[i], col.pick(t))
			}
		}
		totalShown, shown := hide(col.pick(city), parts...)
		col.set(&cityOut, shownOr(col.pick(city), totalShown))
		for i, rows := range splits {
			for j, t := range rows {
				col.set(&out[i][j], shownOr(col.pick(t), shown[i][j]))
			}
		}
	}
	timing(&cityOut, city)
	for i, rows := range splits {
		for j, t := range rows {
			timing(&out[i][j], t)
		}
	}
	return cityOut, out[0], out[1]
}

// timing publishes t's median and share beside a published count of enough decisions.
func timing(f *Figures, t dashboard.Totals) {
	if f.Decided != nil && *f.Decided >= MinCell {
		f.MedianDays, f.WithinDeadline = t.MedianDays, t.WithinDeadline
	}
}

// publishOpen hides the small backlogs of each service, guarding each column against the
// city's total of it.
func publishOpen(bs []dashboard.Backlog) (OpenCases, []OpenCases) {
	staff, applicant := make([]int, len(bs)), make([]int, len(bs))
	var city [2]int
	for i, b := range bs {
		staff[i], applicant[i] = b.WaitingStaff, b.WaitingApplicant
		city[0] += b.WaitingStaff
		city[1] += b.WaitingApplicant
	}
	staffShown, staffParts := hide(city[0], staff)
	applicantShown, applicantParts := hide(city[1], applicant)
	out := make([]OpenCases, len(bs))
	for i, b := range bs {
		out[i] = OpenCases{Key: b.Service, WaitingStaff: shownOr(b.WaitingStaff, staffParts[0][i]),
			WaitingApplicant: shownOr(b.WaitingApplicant, applicantParts[0][i])}
	}
	return OpenCases{WaitingStaff: shownOr(city[0], staffShown), WaitingApplicant: shownOr(city[1], applicantShown)}, out
}

// months joins the city's monthly case totals with its violation and fee figures. Each is
// one city-wide number with no published parts, so only small ones are hidden.
func (r Reader) months(ctx context.Context, dash dashboard.Reader) ([]MonthSummary, error) {
	totals, err := dash.Months(ctx)
	if err != nil {
		return nil, fmt.Errorf("monthly totals: %w", err)
	}
	figures, err := r.Months(ctx)
	if err != nil {
		return nil, fmt.Errorf("monthly figures: %w", err)
	}
	byMonth := map[string]*MonthSummary{}
	var order []string
	at := func(month string) *MonthSummary {
		if m, ok := byMonth[month]; ok {
			return m
		}
		m := &MonthSummary{Month: month, Figures: Figures{Submitted: new(int), Decided: new(int)},
			ViolationsReported: new(int), ViolationsRuled: new(int)} // a month without a figure had none
		byMonth[month] = m
		order = append(order, month)
		return m
	}
	for _, t := range totals {
		m := at(t.Key)
		m.Submitted, m.Decided = shownOr(t.Submitted, !small(t.Submitted)), shownOr(t.Decided, !small(t.Decided))
		timing(&m.Figures, t)
	}
	for _, f := range figures {
		m := at(f.Month)
		reported, ruled := int(f.ViolationsReported), int(f.ViolationsRuled)
		m.ViolationsReported, m.ViolationsRuled = shownOr(reported, !small(reported)), shownOr(ruled, !small(ruled))
		m.FeesCollected = f.FeesCollected
	}
	slices.Sort(order) // "1405/03" sorts as text
	out := make([]MonthSummary, len(order))
	for i, month := range order {
		out[i] = *byMonth[month]
	}
	return out, nil
}

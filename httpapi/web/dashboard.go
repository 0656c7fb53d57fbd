package web

import (
	"math"
	"strconv"
)

// dashboardPage is the dashboard with its charts laid out for the page's language.
type dashboardPage struct {
	page
	D                               Dashboard
	Recent, Median, Within, Backlog hbarChart
	Trend, Violations, Fees         columnChart
}

// newDashboardPage draws every chart from the read model's numbers and nothing else.
func newDashboardPage(p page, d Dashboard) dashboardPage {
	l := p.Lang
	return dashboardPage{
		page: p, D: d,
		Recent:     daysChart(l, "chart-recent", d.Services, "col.mean", func(s ServiceStats) *float64 { return s.Recent.MeanDays }),
		Median:     daysChart(l, "chart-median", d.Services, "col.median", func(s ServiceStats) *float64 { return s.MedianDays }),
		Within:     withinChart(l, d.Services),
		Backlog:    backlogChart(l, d.Services),
		Trend:      trendChart(l, d.Trend),
		Violations: violationsChart(l, d.Trend),
		Fees:       feesChart(l, d.Trend),
	}
}

// daysChart draws each service's working days to decision (what figure picks, named by the
// legend key) against its legal deadline, red where it runs past it.
func daysChart(l Lang, id string, ss []ServiceStats, legend string, figure func(ServiceStats) *float64) hbarChart {
	rows, top := make([]hbarInput, 0, len(ss)), 0.0
	for _, s := range ss {
		days := figure(s)
		if days == nil {
			continue // nothing published: the table says so, the chart draws what there is
		}
		deadline := float64(s.DeadlineDays)
		class := "bar-ok"
		if *days > deadline {
			class = "bar-late"
		}
		rows = append(rows, hbarInput{key: s.Key, label: l.Text(s.Name), marker: &deadline, note: l.Decimal(*days),
			segments: []segment{{value: *days, class: class, text: l.Decimal(*days)}}})
		top = math.Max(top, math.Max(*days, deadline))
	}
	return newHBarChart(l, id, rows, top, func(v float64) string { return l.Decimal(v) },
		[]legendKey{{"bar-ok", l.T(legend)}, {"marker", l.T("col.deadline")}})
}

func withinChart(l Lang, ss []ServiceStats) hbarChart {
	rows := make([]hbarInput, 0, len(ss))
	for _, s := range ss {
		if s.WithinDeadline == nil {
			continue
		}
		rows = append(rows, hbarInput{key: s.Key, label: l.Text(s.Name), note: l.Percent(*s.WithinDeadline),
			segments: []segment{{value: *s.WithinDeadline * 100, class: "bar-ok", text: l.Percent(*s.WithinDeadline)}}})
	}
	return newHBarChart(l, "chart-within", rows, 100, func(v float64) string { return l.Percent(v / 100) }, nil)
}

func backlogChart(l Lang, ss []ServiceStats) hbarChart {
	rows, top := make([]hbarInput, 0, len(ss)), 0.0
	for _, s := range ss {
		in := hbarInput{key: s.Key, label: l.Text(s.Name)}
		total := 0
		for _, part := range []struct {
			c     Count
			class string
		}{{s.WaitingOnStaff, "bar-staff"}, {s.WaitingOnApplicant, "bar-applicant"}} {
			if part.c.Suppressed {
				continue
			}
			in.segments = append(in.segments, segment{value: float64(part.c.N), class: part.class, text: l.Count(part.c)})
			total += part.c.N
		}
		if total == 0 {
			continue
		}
		in.note = l.Count(s.WaitingOnStaff) + " / " + l.Count(s.WaitingOnApplicant)
		top = math.Max(top, float64(total))
		rows = append(rows, in)
	}
	return newHBarChart(l, "chart-backlog", rows, top, func(v float64) string { return l.Int(int64(v)) },
		[]legendKey{{"bar-staff", l.T("col.staff")}, {"bar-applicant", l.T("col.applicant")}})
}

// monthLabels are the month names under the columns, with the year under the first month
// and under every Farvardin.
func monthLabels(l Lang, ms []MonthStats) (keys, names, years []string) {
	for i, m := range ms {
		keys = append(keys, monthKey(m.Month))
		names = append(names, l.monthOnly(m.Month.Month))
		year := ""
		if i == 0 || m.Month.Month == 1 {
			year = l.Digits(strconv.Itoa(m.Month.Year))
		}
		years = append(years, year)
	}
	return keys, names, years
}

// countSeries turns one count of every month into a column series.
func countSeries(l Lang, ms []MonthStats, class string, pick func(MonthStats) Count) series {
	s := series{class: class}
	for _, m := range ms {
		c := pick(m)
		s.values = append(s.values, float64(c.N))
		s.texts = append(s.texts, l.Count(c))
		s.skip = append(s.skip, c.Suppressed)
	}
	return s
}

func intTicks(l Lang) func(float64) string { return func(v float64) string { return l.Int(int64(v)) } }

func trendChart(l Lang, ms []MonthStats) columnChart {
	keys, names, years := monthLabels(l, ms)
	return newColumnChart(l, "chart-trend", keys, names, years, []series{
		countSeries(l, ms, "bar-submitted", func(m MonthStats) Count { return m.Submitted }),
		countSeries(l, ms, "bar-decided", func(m MonthStats) Count { return m.Decided }),
	}, intTicks(l), []legendKey{{"bar-submitted", l.T("col.submitted")}, {"bar-decided", l.T("col.decided")}})
}

func violationsChart(l Lang, ms []MonthStats) columnChart {
	keys, names, years := monthLabels(l, ms)
	return newColumnChart(l, "chart-violations", keys, names, years, []series{
		countSeries(l, ms, "bar-reported", func(m MonthStats) Count { return m.ViolationsReported }),
		countSeries(l, ms, "bar-ruled", func(m MonthStats) Count { return m.ViolationsRuled }),
	}, intTicks(l), []legendKey{{"bar-reported", l.T("col.reported")}, {"bar-ruled", l.T("col.ruled")}})
}

// feesChart draws fees in millions of rials, the unit a reader can compare at a glance; the
// table beside it keeps the exact rials.
func feesChart(l Lang, ms []MonthStats) columnChart {
	keys, names, years := monthLabels(l, ms)
	s := series{class: "bar-fees"}
	for _, m := range ms {
		s.values = append(s.values, float64(m.FeesCollected)/1e6)
		s.texts = append(s.texts, l.Int(m.FeesCollected))
		s.skip = append(s.skip, false)
	}
	return newColumnChart(l, "chart-fees", keys, names, years, []series{s}, intTicks(l), nil)
}

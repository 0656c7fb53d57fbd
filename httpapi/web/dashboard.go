package web

import (
	"context"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/httpapi"
)

// dashboardPage is the dashboard with its charts laid out for the page's language.
type dashboardPage struct {
	page
	D                                           Dashboard
	Median, Within, Open                        hbarChart
	Trend, TrendMedian, TrendWithin, Violations hbarChart
	Fees                                        hbarChart
}

func (h *Handler) dashboard(c *gin.Context) {
	l := lang(c)
	d, err := h.readDashboard(c.Request.Context())
	if err != nil {
		h.unavailable(c, l, err)
		return
	}
	if wantsJSON(c) {
		httpapi.JSON(c, http.StatusOK, d)
		return
	}
	p := newPage(l, c.Request, "dashboard", "dash.title")
	p.AsOf, p.Fresh = d.AsOf, &d.Freshness
	h.render(c, http.StatusOK, "dashboard", newDashboardPage(p, d))
}

// readDashboard reads the figures and adds the key the log's checkpoint is checked with,
// which the read models do not hold.
func (h *Handler) readDashboard(ctx context.Context) (Dashboard, error) {
	d, err := h.cfg.Source.Dashboard(ctx)
	if err == nil && d.Log != nil {
		d.Log.PublicKey = h.cfg.LogPublicKey
	}
	return d, err
}

// newDashboardPage draws every chart from the read model's numbers and nothing else.
func newDashboardPage(p page, d Dashboard) dashboardPage {
	l := p.Lang
	return dashboardPage{
		page: p, D: d,
		Median:      medianChart(l, d.Services),
		Within:      withinChart(l, d.Services),
		Open:        openChart(l, d.Services),
		Trend:       monthChart(l, "chart-trend", d.Trend, intTicks(l), 0, countLine("bar-submitted", func(m MonthStats) Count { return m.Submitted }), countLine("bar-decided", func(m MonthStats) Count { return m.Decided })),
		TrendMedian: monthChart(l, "chart-trend-median", d.Trend, decimalTicks(l), 0, func(l Lang, m MonthStats) (hbarLine, bool) { return daysLine(l, m.MedianDays, nil) }),
		TrendWithin: monthChart(l, "chart-trend-within", d.Trend, percentTicks(l), 100, func(l Lang, m MonthStats) (hbarLine, bool) { return shareLine(l, m.WithinDeadline) }),
		Violations:  monthChart(l, "chart-violations", d.Trend, intTicks(l), 0, countLine("bar-reported", func(m MonthStats) Count { return m.ViolationsReported }), countLine("bar-ruled", func(m MonthStats) Count { return m.ViolationsRuled })),
		Fees:        monthChart(l, "chart-fees", d.Trend, intTicks(l), 0, feesLine),
	}
}

// legendOf names every class a chart may draw.
var legendOf = map[string][]string{
	"chart-median":       {"bar-ok", "bar-late", "marker"},
	"chart-within":       {"bar-share"},
	"chart-open":         {"bar-staff", "bar-applicant"},
	"chart-trend":        {"bar-submitted", "bar-decided"},
	"chart-trend-median": {"bar-median"},
	"chart-trend-within": {"bar-share"},
	"chart-violations":   {"bar-reported", "bar-ruled"},
	"chart-fees":         {"bar-fees"},
}

// chart lays rows out with the chart's legend; the axis reaches at least top (100 for shares,
// so a share is never drawn against a shorter axis).
func chart(l Lang, id string, rows []hbarInput, format func(float64) string, top float64) hbarChart {
	for _, r := range rows {
		for _, line := range r.lines {
			top = math.Max(top, line.value)
			if line.marker != nil {
				top = math.Max(top, *line.marker)
			}
		}
	}
	var legend []legendKey
	for _, class := range legendOf[id] {
		legend = append(legend, legendKey{Class: class, Text: l.T("legend." + class)})
	}
	return newHBarChart(l, id, rows, top, format, legend)
}

// daysLine draws working days to decision against a legal deadline (nil: none); a bar past
// it is hatched as late.
func daysLine(l Lang, days *float64, deadline *float64) (hbarLine, bool) {
	if days == nil {
		return hbarLine{}, false // nothing published: the table says so
	}
	class := "bar-median" // no deadline to hold it to: the month mixes services
	if deadline != nil {
		class = "bar-ok"
		if *days > *deadline {
			class = "bar-late"
		}
	}
	return hbarLine{value: *days, class: class, text: l.Decimal(*days), marker: deadline}, true
}

func shareLine(l Lang, share *float64) (hbarLine, bool) {
	if share == nil {
		return hbarLine{}, false
	}
	return hbarLine{value: *share * 100, class: "bar-share", text: l.Percent(*share)}, true
}

// medianChart draws each service's median working days to decision against its deadline.
func medianChart(l Lang, ss []ServiceStats) hbarChart {
	var rows []hbarInput
	for _, s := range ss {
		deadline := float64(s.DeadlineDays)
		if line, ok := daysLine(l, s.MedianDays, &deadline); ok {
			rows = append(rows, hbarInput{key: s.Key, label: l.Text(s.Name), lines: []hbarLine{line}})
		}
	}
	return chart(l, "chart-median", rows, decimalTicks(l), 0)
}

func withinChart(l Lang, ss []ServiceStats) hbarChart {
	var rows []hbarInput
	for _, s := range ss {
		if line, ok := shareLine(l, s.WithinDeadline); ok {
			rows = append(rows, hbarInput{key: s.Key, label: l.Text(s.Name), lines: []hbarLine{line}})
		}
	}
	return chart(l, "chart-within", rows, percentTicks(l), 100)
}

// openChart draws each service's open cases, one bar for each side whose turn it is; a
// hidden count draws no bar and says so at the row's end.
func openChart(l Lang, ss []ServiceStats) hbarChart {
	var rows []hbarInput
	for _, s := range ss {
		in := hbarInput{key: s.Key, label: l.Text(s.Name)}
		published := 0
		for _, part := range []struct {
			c     Count
			class string
		}{{s.Open.WaitingOnStaff, "bar-staff"}, {s.Open.WaitingOnApplicant, "bar-applicant"}} {
			in.lines = append(in.lines, hbarLine{value: float64(part.c.N), class: part.class, text: l.Count(part.c)})
			published += part.c.N
		}
		if published > 0 {
			rows = append(rows, in)
		}
	}
	return chart(l, "chart-open", rows, intTicks(l), 0)
}

// monthLine draws one measure of a month; false when there is nothing to draw.
type monthLine func(l Lang, m MonthStats) (hbarLine, bool)

// countLine draws a count; a hidden one draws no bar but says so.
func countLine(class string, pick func(MonthStats) Count) monthLine {
	return func(l Lang, m MonthStats) (hbarLine, bool) {
		c := pick(m)
		return hbarLine{value: float64(c.N), class: class, text: l.Count(c)}, true
	}
}

// feesLine draws fees in millions of rials, the unit a reader compares at a glance; the
// table beside it keeps the exact rials.
func feesLine(l Lang, m MonthStats) (hbarLine, bool) {
	millions := float64(m.FeesCollected) / 1e6
	return hbarLine{value: millions, class: "bar-fees", text: l.Int(int64(math.Round(millions)))}, true
}

// monthChart draws the months, newest first, each with the given measures.
func monthChart(l Lang, id string, ms []MonthStats, format func(float64) string, top float64, lines ...monthLine) hbarChart {
	var rows []hbarInput
	for i := len(ms) - 1; i >= 0; i-- {
		in := hbarInput{key: monthKey(ms[i].Month), label: l.MonthLabel(ms[i])}
		for _, line := range lines {
			if b, ok := line(l, ms[i]); ok {
				in.lines = append(in.lines, b)
			}
		}
		if len(in.lines) > 0 {
			rows = append(rows, in)
		}
	}
	return chart(l, id, rows, format, top)
}

func intTicks(l Lang) func(float64) string { return func(v float64) string { return l.Int(int64(v)) } }

func decimalTicks(l Lang) func(float64) string { return func(v float64) string { return l.Decimal(v) } }

func percentTicks(l Lang) func(float64) string {
	return func(v float64) string { return l.Percent(v / 100) }
}

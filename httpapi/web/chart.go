package web

import (
	"strconv"
)

// Every chart is horizontal bars: a row per service or month, its name on a line of its own
// above one bar per measure, and each bar's value written at its end. Long names fit, values
// are read without the axis, and nothing shrinks on a phone. Bars are told apart by pattern as
// well as colour (see the legend), so the chart reads in grey or with colour blindness.

// hbarLine is one bar of a row as the caller describes it.
type hbarLine struct {
	value  float64
	class  string   // fill and pattern, named in the legend
	text   string   // the value as the page writes it, drawn at the bar's end
	marker *float64 // a reference value such as the legal deadline, drawn as a dashed tick
}

// hbarInput is one row: what it is about (a service key or month, for scripts and tests),
// its label and its bars. A row with no bar is left out by the caller.
type hbarInput struct {
	key   string
	label string
	lines []hbarLine
}

// bar is one drawn rectangle. Value is the raw number (data-value), for scripts, tests and
// screen-reader titles; Title is its readable form.
type bar struct {
	X, Y, W, H   float64
	Class        string
	Value, Title string
	Text         string // the value at the bar's end
	TextX, TextY float64
	Marker       *gridLine
}

// gridLine is one axis gridline with its tick label.
type gridLine struct {
	X1, Y1, X2, Y2 float64
	TextX, TextY   float64
	Text           string
}

// legendKey names what a bar's fill means; drawn in HTML so it follows the page direction.
type legendKey struct {
	Class, Text string
}

// hbarRow is one laid-out row.
type hbarRow struct {
	Key            string
	Label          string
	LabelX, LabelY float64
	Bars           []bar
}

// hbarChart is a horizontal bar chart laid out for one page direction.
type hbarChart struct {
	ID            string
	Empty         string // said instead of the drawing when no row has a figure
	Width, Height float64
	Grid          []gridLine
	Rows          []hbarRow
	Legend        []legendKey
}

const (
	// chartWidth is close to a phone's content width, so chart text keeps its size there;
	// wider screens scale the drawing up.
	chartWidth = 360.0
	valueRoom  = 64.0 // room after the longest bar for its value
	plotStart  = 12.0 // room for the first tick label
	labelLine  = 18.0 // the row's label sits on its own line above its bars
	barHeight  = 16.0
	barGap     = 5.0
	rowGap     = 10.0
	axisHeight = 22.0
)

// newHBarChart lays rows out against a shared axis; top is the largest value it must fit
// (markers included) and format writes tick values.
func newHBarChart(l Lang, id string, rows []hbarInput, top float64, format func(float64) string, legend []legendKey) hbarChart {
	top, ticks := niceScale(top)
	ax := axis{from: plotStart, to: chartWidth - valueRoom, top: top, width: chartWidth, rtl: l == Fa}
	c := hbarChart{ID: id, Width: chartWidth, Legend: legend}
	if len(rows) == 0 {
		c.Empty = l.T("chart.empty")
	}
	y := 0.0
	for _, in := range rows {
		r := hbarRow{Key: in.key, Label: in.label, LabelX: ax.flip(plotStart), LabelY: y + labelLine - 4}
		y += labelLine
		for _, line := range in.lines {
			w := ax.len(line.value)
			b := bar{X: ax.rect(ax.from, w), Y: y, W: w, H: barHeight, Class: line.class,
				Value: strconv.FormatFloat(line.value, 'f', -1, 64), Title: in.label + ": " + line.text,
				Text: line.text, TextX: ax.flip(ax.from + w + 4), TextY: y + barHeight - 4}
			if line.marker != nil {
				x := ax.pos(*line.marker)
				b.Marker = &gridLine{X1: x, Y1: y - 3, X2: x, Y2: y + barHeight + 3}
			}
			r.Bars = append(r.Bars, b)
			y += barHeight + barGap
		}
		y += rowGap
		c.Rows = append(c.Rows, r)
	}
	for _, v := range ticks {
		x := ax.pos(v)
		c.Grid = append(c.Grid, gridLine{X1: x, Y1: labelLine, X2: x, Y2: y, TextX: x, TextY: y + 14, Text: format(v)})
	}
	c.Height = y + axisHeight
	return c
}

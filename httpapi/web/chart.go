package web

import (
	"strconv"
)

// bar is one drawn rectangle. Value is the raw number (data-value), for scripts, tests and
// screen-reader titles; Title is its readable form.
type bar struct {
	X, Y, W, H float64
	Class      string
	Value      string
	Title      string
}

// gridLine is one axis gridline with its tick label.
type gridLine struct {
	X1, Y1, X2, Y2 float64
	TextX, TextY   float64
	Text           string
}

// legendKey names what a bar colour means; drawn in HTML so it follows the page direction.
type legendKey struct {
	Class, Text string
}

// segment is one part of a horizontal bar as the caller describes it.
type segment struct {
	value float64
	class string
	text  string // the value as the page writes it
}

// hbarInput is one row of a horizontal bar chart. A nil segments slice with a note draws no
// bar, only the note (e.g. "fewer than 5").
type hbarInput struct {
	key      string // what the row is about (a service key), for scripts and tests
	label    string
	segments []segment
	marker   *float64 // a reference value such as the legal deadline
	note     string   // written after the bar
}

// hbarRow is one laid-out row.
type hbarRow struct {
	Key                   string
	Label                 string
	LabelX, LabelY, TextY float64
	Bars                  []bar
	Marker                *gridLine
	Note                  string
	NoteX                 float64
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
	chartWidth = 480.0
	noteWidth  = 64.0
	plotStart  = 16.0 // room for the first tick label
	labelLine  = 16.0 // the row's label sits on its own line above the bar, so long names fit
	rowHeight  = 46.0
	barHeight  = 18.0
	axisHeight = 22.0
)

// newHBarChart lays rows out against a shared axis; top is the largest value it must fit
// (markers included) and format writes tick values.
func newHBarChart(l Lang, id string, rows []hbarInput, top float64, format func(float64) string, legend []legendKey) hbarChart {
	top, ticks := niceScale(top)
	ax := axis{from: plotStart, to: chartWidth - noteWidth, top: top, width: chartWidth, rtl: l == Fa}
	plotBottom := float64(len(rows)) * rowHeight
	c := hbarChart{ID: id, Width: chartWidth, Height: plotBottom + axisHeight, Legend: legend}
	if len(rows) == 0 {
		c.Empty = l.T("chart.empty")
	}
	for _, v := range ticks {
		x := ax.pos(v)
		c.Grid = append(c.Grid, gridLine{X1: x, Y1: labelLine + 2, X2: x, Y2: plotBottom, TextX: x, TextY: plotBottom + 16, Text: format(v)})
	}
	for i, in := range rows {
		top := float64(i) * rowHeight
		y := top + labelLine + 6
		r := hbarRow{Key: in.key, Label: in.label, LabelX: ax.flip(plotStart), LabelY: top + labelLine - 2, TextY: y + barHeight - 4, Note: in.note}
		at := ax.from
		for _, s := range in.segments {
			w := ax.len(s.value)
			r.Bars = append(r.Bars, bar{X: ax.rect(at, w), Y: y, W: w, H: barHeight, Class: s.class,
				Value: strconv.FormatFloat(s.value, 'f', -1, 64), Title: in.label + ": " + s.text})
			at += w
		}
		if in.marker != nil {
			x := ax.pos(*in.marker)
			r.Marker = &gridLine{X1: x, Y1: y - 3, X2: x, Y2: y + barHeight + 3}
			if x := ax.from + ax.len(*in.marker); x > at {
				at = x
			}
		}
		r.NoteX = ax.flip(at + 6)
		c.Rows = append(c.Rows, r)
	}
	return c
}

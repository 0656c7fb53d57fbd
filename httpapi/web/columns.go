package web

import (
	"math"
	"strconv"
)

// series is one set of columns (e.g. submitted cases) across all groups.
type series struct {
	class  string
	values []float64
	texts  []string // each value as the page writes it
	skip   []bool   // suppressed values draw no column
}

// columnGroup is one laid-out month: its columns side by side and its label below.
type columnGroup struct {
	Key            string // the month, "1405-08"
	Label, Sub     string
	LabelX, LabelY float64
	Bars           []bar
}

// columnChart is a grouped column chart laid out for one page direction: groups run from the
// start side, so in Persian the oldest month is on the right.
type columnChart struct {
	ID            string
	Width, Height float64
	Grid          []gridLine
	Groups        []columnGroup
	Legend        []legendKey
}

const (
	columnsHeight = 240.0
	columnsTop    = 12.0
	columnsAxis   = 52.0 // tick labels on the start side
	columnsFoot   = 40.0 // month labels under the plot
)

// newColumnChart lays out one group per label with one column per series.
func newColumnChart(l Lang, id string, keys, labels, subs []string, ss []series, format func(float64) string, legend []legendKey) columnChart {
	max := 0.0
	for _, s := range ss {
		for i, v := range s.values {
			if !s.skip[i] {
				max = math.Max(max, v)
			}
		}
	}
	top, ticks := niceScale(max)
	rtl := l == Fa
	flip := axis{width: chartWidth, rtl: rtl}
	bottom := columnsHeight - columnsFoot
	c := columnChart{ID: id, Width: chartWidth, Height: columnsHeight, Legend: legend}
	for _, v := range ticks {
		y := bottom - v/top*(bottom-columnsTop)
		c.Grid = append(c.Grid, gridLine{X1: flip.flip(columnsAxis), Y1: y, X2: flip.flip(chartWidth - 4), Y2: y,
			TextX: flip.flip(columnsAxis - 6), TextY: y + 4, Text: format(v)})
	}
	if len(labels) == 0 {
		return c
	}
	groupW := (chartWidth - 4 - columnsAxis) / float64(len(labels))
	colW := math.Min(28, (groupW-8)/float64(len(ss)))
	for g, label := range labels {
		start := columnsAxis + float64(g)*groupW + (groupW-colW*float64(len(ss)))/2
		grp := columnGroup{Key: keys[g], Label: label, Sub: subs[g], LabelX: flip.flip(columnsAxis + (float64(g)+0.5)*groupW), LabelY: bottom + 16}
		for i, s := range ss {
			if s.skip[g] {
				continue
			}
			h := s.values[g] / top * (bottom - columnsTop)
			grp.Bars = append(grp.Bars, bar{X: flip.rect(start+float64(i)*colW, colW-2), Y: bottom - h, W: colW - 2, H: h,
				Class: s.class, Value: strconv.FormatFloat(s.values[g], 'f', -1, 64), Title: label + " " + subs[g] + ": " + s.texts[g]})
		}
		c.Groups = append(c.Groups, grp)
	}
	return c
}

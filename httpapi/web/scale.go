package web

import "math"

// niceScale picks an axis maximum of 1, 2 or 5 × 10ⁿ at or above max, and its ticks, so
// gridlines fall on numbers people read at a glance.
func niceScale(max float64) (top float64, ticks []float64) {
	if max <= 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		return 1, []float64{0, 1}
	}
	step := math.Pow(10, math.Floor(math.Log10(max/4)))
	for _, m := range []float64{1, 2, 5, 10} {
		if max/(step*m) <= 5 {
			step *= m
			break
		}
	}
	top = math.Ceil(max/step) * step
	for v := 0.0; v <= top+step/2; v += step {
		ticks = append(ticks, v)
	}
	return top, ticks
}

// axis maps values onto a span of the drawing in logical (start-to-end) coordinates and
// mirrors them for right-to-left pages, so one layout serves both directions.
type axis struct {
	from, to float64 // logical pixel span
	top      float64 // value drawn at `to`
	width    float64 // the drawing's width, for mirroring
	rtl      bool
}

// pos is where value v falls, in drawing coordinates.
func (a axis) pos(v float64) float64 {
	return a.flip(a.from + a.len(v))
}

// len is how long a bar of value v is.
func (a axis) len(v float64) float64 {
	if a.top <= 0 || v <= 0 {
		return 0
	}
	return math.Min(v/a.top, 1) * (a.to - a.from)
}

// flip mirrors a logical x for right-to-left drawings.
func (a axis) flip(x float64) float64 {
	if a.rtl {
		return a.width - x
	}
	return x
}

// rect returns the drawing x of a box that starts at logical x and is w long.
func (a axis) rect(x, w float64) float64 {
	if a.rtl {
		return a.width - x - w
	}
	return x
}

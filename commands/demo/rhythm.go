package demo

import (
	"math/rand"
	"sort"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// The city's submission rhythm. People apply on working days; on Fridays and holidays only a
// few apply online. They apply by day, and the city grows busier: the newest day of the span
// draws growth times the submissions of the oldest.
const (
	offDayDemand = 0.15
	growth       = 1.6
	dayOpens     = 7*time.Hour + 30*time.Minute // Tehran time; submissions fall in the next dayHours
	dayHours     = 14 * time.Hour
)

// rhythm draws submission times over the span, day by day in Tehran.
type rhythm struct {
	from, to []time.Time // each day's stretch inside the span
	cum      []float64   // running sum of the days' weights
}

func newRhythm(end time.Time, span time.Duration, cal *workdays.Calendar) *rhythm {
	start := end.Add(-span)
	r := &rhythm{}
	l := start.In(jalali.Tehran())
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, jalali.Tehran())
	total := 0.0
	for ; day.Before(end); day = day.AddDate(0, 0, 1) {
		next := day.AddDate(0, 0, 1)
		from, to := later(day, start), earlier(next, end)
		w := (1 + (growth-1)*float64(from.Sub(start))/float64(span)) * float64(to.Sub(from)) / float64(next.Sub(day))
		if !cal.IsWorkingDay(day) {
			w *= offDayDemand
		}
		total += w
		r.from, r.to, r.cum = append(r.from, from), append(r.to, to), append(r.cum, total)
	}
	return r
}

// draw picks a day by weight, then a daytime moment of it (any moment of the day's stretch
// when the daytime falls outside it, as on the span's first and last day).
func (r *rhythm) draw(rng *rand.Rand) time.Time {
	i := min(sort.SearchFloat64s(r.cum, rng.Float64()*r.cum[len(r.cum)-1]), len(r.cum)-1)
	from, to := r.from[i], r.to[i]
	l := from.In(jalali.Tehran())
	t := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, jalali.Tehran()).Add(dayOpens + time.Duration(rng.Int63n(int64(dayHours))))
	if t.Before(from) || !t.Before(to) {
		t = from.Add(time.Duration(rng.Int63n(int64(max(to.Sub(from), 1)))))
	}
	return t.UTC()
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

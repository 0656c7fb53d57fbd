package transparency

import (
	"context"
	"math"
	"time"

	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/dashboard"
)

// Window is one service's or district's figures over a run of recent days, so the dashboard
// says something early in a month too. The day cells are summed before small counts are
// suppressed. Percentiles do not add up across days, so a window carries the mean working days
// to decision, which does.
type Window struct {
	Key            string   `json:"key"`  // service key or district
	From           string   `json:"from"` // first Tehran day, "2026-10-28"
	To             string   `json:"to"`   // last Tehran day, included
	Submitted      *int     `json:"submitted"`
	Decided        *int     `json:"decided"`
	MeanDays       *float64 `json:"mean_days"`       // working days with staff to decision
	WithinDeadline *float64 `json:"within_deadline"` // share decided within the legal deadline, 0..1
}

// windowSum adds up a window's day cells.
type windowSum struct {
	submitted, decided, staffDays int
	onTime                        float64
}

// Window sums the day cells of the days Tehran days that end with now's day, one Window per
// key with a case submitted or decided in them, ordered by key. The timing figures are
// suppressed when fewer than MinCell cases were decided.
func (r Reader) Window(ctx context.Context, dim dashboard.Dimension, now time.Time, days int) ([]Window, error) {
	cells, err := dashboard.Reader{Reads: r.Reads}.Aggregate(ctx, dim, dashboard.Day, "")
	if err != nil {
		return nil, err
	}
	last := caseevent.Day(now)
	from, to := last.AddDate(0, 0, 1-max(days, 1)).Format(time.DateOnly), last.Format(time.DateOnly)
	var keys []string
	sums := map[string]*windowSum{}
	for _, c := range cells {
		if c.Bucket < from || c.Bucket > to || c.Submitted+c.Decided == 0 {
			continue
		}
		s, ok := sums[c.Key]
		if !ok {
			s = &windowSum{}
			sums[c.Key] = s
			keys = append(keys, c.Key) // cells come ordered by key
		}
		s.submitted += c.Submitted
		s.decided += c.Decided
		s.staffDays += c.StaffDays
		if c.WithinDeadline != nil {
			s.onTime += *c.WithinDeadline * float64(c.Decided)
		}
	}
	out := make([]Window, len(keys))
	for i, k := range keys {
		s := sums[k]
		out[i] = Window{Key: k, From: from, To: to, Submitted: atLeast(s.submitted), Decided: atLeast(s.decided)}
		if s.decided >= MinCell {
			mean := float64(s.staffDays) / float64(s.decided)
			within := math.Round(s.onTime) / float64(s.decided)
			out[i].MeanDays, out[i].WithinDeadline = &mean, &within
		}
	}
	return out, nil
}

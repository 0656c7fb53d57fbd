package web

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

// TestFreshness: the figures' as-of time comes from the projections' positions, not the
// request's clock, and the pages learn when a public read model lags, stalls or parks cases.
func TestFreshness(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		statuses []projector.ProjectionStatus
		asOf     time.Time
		want     Freshness
	}{
		{"caught up: as of now", []projector.ProjectionStatus{
			{Name: transparency.Name, State: projector.StateCaughtUp}, {Name: dashboard.Name, State: projector.StateCaughtUp}},
			now, Freshness{}},
		{"a public model a minute behind: as of its oldest unread event, no warning", []projector.ProjectionStatus{
			{Name: transparency.Name, State: projector.StateCaughtUp}, {Name: dashboard.Name, State: projector.StateRunning, LagSeconds: 60}},
			now.Add(-time.Minute), Freshness{}},
		{"an hour behind: a warning", []projector.ProjectionStatus{{Name: dashboard.Name, State: projector.StateRunning, LagSeconds: 3600}},
			now.Add(-time.Hour), Freshness{Behind: true}},
		{"nobody runs it: a warning", []projector.ProjectionStatus{{Name: transparency.Name, State: projector.StateStandby}},
			now, Freshness{Behind: true}},
		{"parked cases are counted", []projector.ProjectionStatus{{Name: certificates.Name, State: projector.StateDegraded,
			Parked: make([]projector.ParkedEvent, 2)}, {Name: dashboard.Name, Parked: make([]projector.ParkedEvent, 1)}},
			now, Freshness{Parked: 3}},
		{"a private model behind changes nothing", []projector.ProjectionStatus{{Name: "work_queue", State: projector.StateStandby, LagSeconds: 9999,
			Parked: make([]projector.ParkedEvent, 4)}}, now, Freshness{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &ReadModels{Now: func() time.Time { return now },
				Status: func(context.Context) ([]projector.ProjectionStatus, error) { return tc.statuses, nil }}
			asOf, f, err := m.Freshness(context.Background())
			if err != nil || !asOf.Equal(tc.asOf) || f != tc.want {
				t.Errorf("as of %v %+v (%v), want %v %+v", asOf, f, err, tc.asOf, tc.want)
			}
		})
	}
	t.Run("asks the projector at most every freshEvery", func(t *testing.T) {
		clock, calls := now, 0
		m := &ReadModels{Now: func() time.Time { return clock },
			Status: func(context.Context) ([]projector.ProjectionStatus, error) { calls++; return nil, nil }}
		for range 3 {
			if _, _, err := m.Freshness(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		clock = clock.Add(freshEvery)
		if _, _, err := m.Freshness(context.Background()); err != nil || calls != 2 {
			t.Errorf("%d status reads, want 2 (%v)", calls, err)
		}
	})
}

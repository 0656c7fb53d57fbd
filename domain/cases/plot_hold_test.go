package cases_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestPlotHolds(t *testing.T) {
	t.Parallel()
	art100 := MustRun(t, "viol.art100", submitOf("viol.art100"))
	other := uuid.MustParse("11111111-1111-4111-8111-111111111111")
	noPlot := submitOf("viol.art100")
	noPlot.Plot = nil
	tests := []struct {
		name     string
		state    cases.State
		holds    cases.PlotHolds
		place    bool
		wantType string
		wantRule string
	}{
		{"places a hold", art100, nil, true, cases.TypeHoldPlaced, ""},
		{"places a hold beside another case's", art100, cases.PlotHolds{other}, true, cases.TypeHoldPlaced, ""},
		{"refuses a second hold by the same case", art100, cases.PlotHolds{art100.ID}, true, "", cases.RuleHoldAlreadyPlaced},
		{"releases its own hold", art100, cases.PlotHolds{other, art100.ID}, false, cases.TypeHoldReleased, ""},
		{"refuses releasing another case's hold", art100, cases.PlotHolds{other}, false, "", cases.RuleHoldNoneOpen},
		{"refuses a hold without a plot", MustRun(t, "viol.art100", noPlot), nil, true, "", cases.RuleHoldRequiresPlot},
		{"refuses a hold for an unknown case", cases.State{}, nil, true, "", cases.RuleNotSubmitted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := cases.DecideHold(tt.state, tt.holds, tt.place, "Article 100 case open", t0)
			if tt.wantType != "" {
				if err != nil || ev.EventType() != tt.wantType {
					t.Fatalf("got %v, %v; want %s", ev, err, tt.wantType)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Rule != tt.wantRule {
				t.Fatalf("got %v, %v; want rule %s", ev, err, tt.wantRule)
			}
		})
	}
}

func TestHoldsFoldAndNameTheirStream(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()
	holds := cases.PlotHolds{}
	for _, e := range []domain.Event{&cases.HoldPlaced{CaseID: a}, &cases.HoldPlaced{CaseID: b}, &cases.HoldReleased{CaseID: a}} {
		holds = cases.EvolveHolds(holds, e)
	}
	if len(holds) != 1 || holds[0] != b {
		t.Fatalf("holds %v, want only %v", holds, b)
	}
	plot := ident.Plot{Section: 3, Main: []int{6932, 6933}, Sub: []int{211, 253}}
	if got := cases.PlotStreamName(plot); got != "plot-3-6932_6933-211_253" {
		t.Fatalf("stream %q", got)
	}
}

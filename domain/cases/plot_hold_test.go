package cases_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestPlotHolds(t *testing.T) {
	t.Parallel()
	art100 := MustRun(t, "viol.art100", submitOf("viol.art100"))
	closed := MustRun(t, "viol.art100", submitOf("viol.art100"), cases.Cancel{Reason: "reported twice", At: t0})
	other := uuid.MustParse("11111111-1111-4111-8111-111111111111")
	byRule := cases.PlotHold{CaseID: art100.ID, Rule: "plot.open_violation", Blocks: []string{"cert.noviolation"}}
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
		{"places a hold beside another case's", art100, cases.PlotHolds{{CaseID: other}}, true, cases.TypeHoldPlaced, ""},
		{"refuses a second hold by the same case", art100, cases.PlotHolds{{CaseID: art100.ID}}, true, "", cases.RuleHoldAlreadyPlaced},
		{"releases its own hold", art100, cases.PlotHolds{{CaseID: other}, {CaseID: art100.ID}}, false, cases.TypeHoldReleased, ""},
		{"refuses releasing another case's hold", art100, cases.PlotHolds{{CaseID: other}}, false, "", cases.RuleHoldNoneOpen},
		{"refuses releasing a rule's hold while the case is open", art100, cases.PlotHolds{byRule}, false, "", cases.RuleHoldByRule},
		{"releases a rule's hold left by an ended case", closed, cases.PlotHolds{byRule}, false, cases.TypeHoldReleased, ""},
		{"refuses a hold on an ended case", closed, nil, true, "", cases.RuleClosed},
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

// A case of a holding service holds its plot while open and lets it go when it ends, with no
// staff step; other cases leave the plot alone.
func TestPlotRuleEffect(t *testing.T) {
	t.Parallel()
	svc, _ := catalogue.Default().Service("viol.art100")
	rule := svc.HoldsPlot
	open := MustRun(t, "viol.art100", submitOf("viol.art100"))
	ended := MustRun(t, "viol.art100", submitOf("viol.art100"), cases.Cancel{Reason: "reported twice", At: t0})
	reopened := MustRun(t, "viol.art100", submitOf("viol.art100"), cases.Cancel{Reason: "x", At: t0}, cases.Reopen{Reason: "y", At: t0})
	noPlot := submitOf("viol.art100")
	noPlot.Plot = nil
	held := func(since uint64) cases.PlotHolds {
		return cases.PlotHolds{{CaseID: open.ID, Rule: rule.Rule, Blocks: rule.Blocks, Since: since}}
	}
	tests := []struct {
		name   string
		change cases.CaseChange
		rule   *catalogue.PlotRule
		holds  cases.PlotHolds
		want   string // event type, "" for none
	}{
		{"holds the plot of a newly reported case", cases.CaseChange{After: open}, rule, nil, cases.TypeHoldPlaced},
		{"holds it once", cases.CaseChange{Before: open, After: open, Revision: 3}, rule, held(0), ""},
		{"holds it again on reopening", cases.CaseChange{Before: ended, After: reopened, Revision: 2}, rule, held(0), cases.TypeHoldPlaced},
		{"holds the plot of an open case that lacks its hold", cases.CaseChange{Before: open, After: open, Revision: 3}, rule, nil, cases.TypeHoldPlaced},
		{"releases it when the case ends", cases.CaseChange{Before: open, After: ended, Revision: 1}, rule, held(0), cases.TypeHoldReleased},
		{"keeps a hold a later reopening placed", cases.CaseChange{Before: open, After: ended, Revision: 1}, rule, held(2), ""},
		{"releases a hand-placed hold when the case ends", cases.CaseChange{Before: open, After: ended, Revision: 1}, nil,
			cases.PlotHolds{{CaseID: open.ID}}, cases.TypeHoldReleased},
		{"leaves an ended case's plot alone when it holds nothing", cases.CaseChange{Before: open, After: ended, Revision: 1}, rule, nil, ""},
		{"leaves the plot alone for a service no rule names", cases.CaseChange{After: open}, nil, nil, ""},
		{"needs a plot", cases.CaseChange{After: MustRun(t, "viol.art100", noPlot)}, rule, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := cases.PlotRuleEffect(tt.change, tt.rule, tt.holds, t0)
			got := ""
			if ev != nil {
				got = ev.EventType()
			}
			if got != tt.want {
				t.Fatalf("effect %v, want %q", ev, tt.want)
			}
			placed, ok := ev.(*cases.HoldPlaced)
			if ok && (placed.Rule != rule.Rule || !slices.Equal(placed.Blocks, rule.Blocks) || placed.Since != tt.change.Revision) {
				t.Fatalf("hold %+v, want rule %s blocking %v since revision %d", placed, rule.Rule, rule.Blocks, tt.change.Revision)
			}
		})
	}
}

func TestHoldsFoldAndNameTheirStream(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()
	holds := cases.PlotHolds{}
	for _, e := range []domain.Event{&cases.HoldPlaced{CaseID: a}, &cases.IssuanceCleared{CaseID: b},
		&cases.HoldPlaced{CaseID: b, Rule: "plot.open_violation", Blocks: []string{"cert.noviolation"}}, &cases.HoldReleased{CaseID: a}} {
		holds = cases.EvolveHolds(holds, e)
	}
	if len(holds) != 1 || holds[0].CaseID != b {
		t.Fatalf("holds %v, want only %v", holds, b)
	}
	holds = cases.EvolveHolds(holds, &cases.HoldPlaced{CaseID: b, Rule: "plot.open_violation", Blocks: []string{"cert.noviolation"}, Since: 4})
	if len(holds) != 1 || holds[0].Since != 4 {
		t.Fatalf("holds %v, want the reopening's hold in place of the first", holds)
	}
	if _, blocks := holds.Blocking("cert.noviolation"); !blocks {
		t.Fatal("the rule's hold does not block a no-violation certificate")
	}
	if _, blocks := holds.Blocking("permit.new"); blocks {
		t.Fatal("the rule's hold blocks a permit it does not name")
	}
	plot := ident.Plot{Section: 3, Main: []int{6932, 6933}, Sub: []int{211, 253}}
	if got := cases.PlotStreamName(plot); got != "plot-3-6932_6933-211_253" {
		t.Fatalf("stream %q", got)
	}
}

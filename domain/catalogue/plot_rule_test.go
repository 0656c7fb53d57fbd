package catalogue_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// withPlotRules is the embedded catalogue 2026.2 with its plot rules replaced by rules.
func withPlotRules(t *testing.T, rules string) []byte {
	t.Helper()
	var f map[string]json.RawMessage
	if err := json.Unmarshal(mustRead(t, "data/catalogue-2026.2.json"), &f); err != nil {
		t.Fatal(err)
	}
	f["plot_rules"] = json.RawMessage(rules)
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlotRulesAreValidated(t *testing.T) {
	t.Parallel()
	named := `"name": {"fa": "x", "en": "x"}, "source": "assumed"`
	tests := []struct {
		name, rules string
		want        []string // located messages
	}{
		{"an unknown opening service", `[{"rule": "plot.x", ` + named + `, "open": ["viol.martian"], "blocks": ["cert.noviolation"]}]`,
			[]string{`plot_rules[0].open[0]: unknown service "viol.martian"`}},
		{"a blocked service that issues nothing", `[{"rule": "plot.x", ` + named + `, "open": ["viol.art100"], "blocks": ["viol.parking"]}]`,
			[]string{`plot_rules[0].blocks[0]: service "viol.parking" issues nothing to block`}},
		{"a rule without the plot prefix", `[{"rule": "open_violation", ` + named + `, "open": ["viol.art100"], "blocks": ["cert.noviolation"]}]`,
			[]string{`plot_rules[0].rule: a plot rule is named "plot.<name>", not "open_violation"`}},
		{"one service opening two rules", `[{"rule": "plot.x", ` + named + `, "open": ["viol.art100"], "blocks": ["cert.noviolation"]},
			{"rule": "plot.y", ` + named + `, "open": ["viol.art100"], "blocks": ["cert.transfer"]}]`,
			[]string{`plot_rules[1].open[0]: service "viol.art100" already holds plots under plot_rules[0]`}},
		{"a rule blocking nothing", `[{"rule": "plot.x", ` + named + `, "open": ["viol.art100"], "blocks": []}]`,
			[]string{`plot_rules[0]: a plot rule needs the services that open it and the services it blocks`}},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, p := range catalogue.Validate(withPlotRules(t, tt.rules)) {
				got = append(got, p.Location+": "+p.Message)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %q, want %q", got, tt.want)
			}
		})
	}
}

// The city's rule: an open Article 100 or parking case blocks the certificates that say the
// building has no violation, and nothing else.
func TestAnOpenViolationHoldsThePlotAgainstNoViolationCertificates(t *testing.T) {
	t.Parallel()
	for _, version := range catalogue.Versions() {
		cat, _ := catalogue.ByVersion(version)
		art100, _ := cat.Service("viol.art100")
		if art100.HoldsPlot == nil || art100.HoldsPlot.Rule != "plot.open_violation" {
			t.Fatalf("%s: viol.art100 holds its plot under %+v", version, art100.HoldsPlot)
		}
		for _, key := range []string{"cert.noviolation", "cert.completion", "cert.transfer"} {
			if !art100.HoldsPlot.BlocksService(key) {
				t.Errorf("%s: an open Article 100 case does not block %s", version, key)
			}
		}
		if art100.HoldsPlot.BlocksService("permit.new") {
			t.Errorf("%s: an open Article 100 case blocks a new permit", version)
		}
		if cert, _ := cat.Service("cert.noviolation"); cert.HoldsPlot != nil {
			t.Errorf("%s: a no-violation certificate case holds its plot", version)
		}
	}
}

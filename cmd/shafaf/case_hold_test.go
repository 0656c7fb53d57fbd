package main

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// An open Article 100 case holds its plot: a certificate on the same plot cannot be issued
// until the hold is released.
func TestAPlotHoldBlocksIssuanceOnTheSamePlot(t *testing.T) {
	t.Parallel()
	app := MustOpenApp(t)
	cat := catalogue.Default()
	art100Svc, _ := cat.Service("viol.art100")
	clearanceSvc, _ := cat.Service("cert.clearance")
	art100 := newLifecycle(t, app, art100Svc)
	art100.submit(9000)
	art100.refused("release-hold", map[string]any{"reason": "none yet"}, "hold.none_open")
	art100.do("hold", map[string]any{"reason": "Article 100 case open"})
	art100.refused("hold", map[string]any{"reason": "again"}, "hold.already_placed")

	cert := newLifecycle(t, app, clearanceSvc)
	cert.submit(9000)
	cert.do("accept", nil)
	cert.do("assess-fee", map[string]any{"inputs": feeInputs("residential")})
	cert.do("waive-fee", map[string]any{"reason": "council discount for worn fabric"})
	cert.do("decision", approval)
	cert.refused("issue", nil, "issuance.plot_on_hold")

	art100.do("release-hold", map[string]any{"reason": "fine collected"})
	cert.do("issue", nil)
	if got := cert.summary(); got.Status != "issued" || got.FeePaid != 0 {
		t.Fatalf("certificate %+v", got)
	}
}

package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// PlotRuleEffect is the plot event that keeps a case's plot in step with the catalogue's plot
// rules once the case is in state s: a hold when a case of a holding service stands open
// without one (it was just reported, or reopened), a release when a case that holds the plot
// has ended. nil when the plot is already in step. The application writes a hold before the
// case event that opens the case, and a release after the one that ends it, so a crash
// between the two writes leaves the plot held too long, never too short.
func PlotRuleEffect(s State, rule *catalogue.PlotRule, holds PlotHolds, at time.Time) domain.Event {
	if s.Plot == nil || !s.Exists() {
		return nil
	}
	_, held := holds.Of(s.ID)
	switch {
	case s.Status.Closed() && held:
		return &HoldReleased{CaseID: s.ID, Reason: "the case has ended (" + string(s.Status) + ")", At: at}
	case !s.Status.Closed() && !held && rule != nil:
		return &HoldPlaced{CaseID: s.ID, Reason: "the case is open under rule " + rule.Rule, Rule: rule.Rule,
			Blocks: rule.Blocks, At: at}
	}
	return nil
}

// ClearIssuance is the marker an issuance writes on its plot after its decision passed.
func ClearIssuance(s State, at time.Time) domain.Event {
	return &IssuanceCleared{CaseID: s.ID, Service: s.Service, At: at}
}

package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// CaseChange is one command's change to a case as the plot rules see it: the case before and
// after, and the revision of the case stream once the command's events are written.
type CaseChange struct {
	Before, After State
	Revision      uint64
}

// PlotRuleEffect is the plot event that keeps a case's plot in step with the catalogue's plot
// rules after change: a hold when a case of a holding service stands open without one, or has
// just opened (reported, reopened) over a hold of an earlier opening; a release when a case
// that holds the plot has ended, unless the hold is newer than the ending (the case was
// reopened meanwhile). nil when the plot is already in step. The application writes a hold
// before the case event that opens the case, and a release after the one that ends it, so a
// crash between the two writes leaves the plot held too long, never too short; a reopening
// always writes its hold, so a release decided on the ended case conflicts with it on the plot
// stream or sees it.
func PlotRuleEffect(change CaseChange, rule *catalogue.PlotRule, holds PlotHolds, at time.Time) domain.Event {
	s := change.After
	if s.Plot == nil || !s.Exists() {
		return nil
	}
	hold, held := holds.Of(s.ID)
	opened := !change.Before.Exists() || change.Before.Status.Closed()
	switch {
	case s.Status.Closed() && held && hold.Since <= change.Revision:
		return &HoldReleased{CaseID: s.ID, Reason: "the case has ended (" + string(s.Status) + ")", At: at}
	case !s.Status.Closed() && rule != nil && (!held || opened && hold.Since < change.Revision):
		return &HoldPlaced{CaseID: s.ID, Reason: "the case is open under rule " + rule.Rule, Rule: rule.Rule,
			Blocks: rule.Blocks, Since: change.Revision, At: at}
	}
	return nil
}

// ClearIssuance is the marker an issuance writes on its plot after its decision passed.
func ClearIssuance(s State, at time.Time) domain.Event {
	return &IssuanceCleared{CaseID: s.ID, Service: s.Service, At: at}
}

package cases

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// PlotStreamPrefix starts the name of every plot-hold stream.
const PlotStreamPrefix = "plot-"

// PlotStreamName is the stream of holds on one plot, "plot-<section>-<main>-<sub>" with several
// numbers joined by "_". A plot number is cadastral, not personal, data.
func PlotStreamName(p ident.Plot) string {
	return PlotStreamPrefix + strconv.Itoa(p.Section) + "-" + joinInts(p.Main) + "-" + joinInts(p.Sub)
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, "_")
}

// HoldPlaced blocks issuance on cases for the plot until released; the hold is known by the
// case that placed it. A hold placed by hand (no Rule) blocks every issuance; a hold a case
// places by opening under a catalogue plot rule blocks the services the rule named then.
type HoldPlaced struct {
	CaseID uuid.UUID `json:"case_id"`
	Reason string    `json:"reason"`
	Rule   string    `json:"rule,omitempty"`
	Blocks []string  `json:"blocks,omitempty"`
	Since  uint64    `json:"since,omitempty"` // the case's revision when its opening placed the hold
	At     time.Time `json:"at"`
}

// HoldReleased lifts the hold the case placed.
type HoldReleased struct {
	CaseID uuid.UUID `json:"case_id"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// IssuanceCleared records that the case's issuance found no hold blocking it at this point of
// the plot's stream. Written with the revision the check read, it makes a hold placed
// meanwhile conflict, so the plot stream orders every issuance against every hold.
type IssuanceCleared struct {
	CaseID  uuid.UUID `json:"case_id"`
	Service string    `json:"service"`
	At      time.Time `json:"at"`
}

func (*HoldPlaced) EventType() string      { return TypeHoldPlaced }
func (*HoldReleased) EventType() string    { return TypeHoldReleased }
func (*IssuanceCleared) EventType() string { return TypeIssuanceCleared }

func (e *HoldPlaced) OccurredAt() time.Time      { return e.At }
func (e *HoldReleased) OccurredAt() time.Time    { return e.At }
func (e *IssuanceCleared) OccurredAt() time.Time { return e.At }

// PlotHold is one case's standing hold on a plot.
type PlotHold struct {
	CaseID uuid.UUID
	Rule   string   // the catalogue plot rule; "" for a hold placed by hand
	Blocks []string // the services the rule blocks
	Since  uint64   // the case's revision when the opening that placed it is written
}

// BlocksService reports whether the hold refuses issuance of service.
func (h PlotHold) BlocksService(service string) bool {
	return h.Rule == "" || slices.Contains(h.Blocks, service)
}

// RefusalRule is the rule an issuance the hold blocks is refused under: the plot rule's name,
// or issuance.plot_on_hold for a hold placed by hand.
func (h PlotHold) RefusalRule() string {
	if h.Rule == "" {
		return RuleIssuancePlotOnHold
	}
	return h.Rule
}

// PlotHolds lists the holds standing on a plot, folded from its stream.
type PlotHolds []PlotHold

// Of returns the hold case id placed, if it holds the plot.
func (hs PlotHolds) Of(id uuid.UUID) (PlotHold, bool) {
	i := slices.IndexFunc(hs, func(h PlotHold) bool { return h.CaseID == id })
	if i < 0 {
		return PlotHold{}, false
	}
	return hs[i], true
}

// Blocking returns the first hold that refuses issuance of service on the plot.
func (hs PlotHolds) Blocking(service string) (PlotHold, bool) {
	i := slices.IndexFunc(hs, func(h PlotHold) bool { return h.BlocksService(service) })
	if i < 0 {
		return PlotHold{}, false
	}
	return hs[i], true
}

// EvolveHolds applies one plot-stream event.
func EvolveHolds(hs PlotHolds, ev domain.Event) PlotHolds {
	switch e := ev.(type) {
	case *HoldPlaced: // a reopened case places its hold anew over the one it kept
		hold := PlotHold{CaseID: e.CaseID, Rule: e.Rule, Blocks: e.Blocks, Since: e.Since}
		if i := slices.IndexFunc(hs, func(h PlotHold) bool { return h.CaseID == e.CaseID }); i >= 0 {
			return slices.Replace(slices.Clone(hs), i, i+1, hold)
		}
		return append(slices.Clone(hs), hold)
	case *HoldReleased:
		return slices.DeleteFunc(slices.Clone(hs), func(h PlotHold) bool { return h.CaseID == e.CaseID })
	}
	return hs
}

// DecideHold places (place = true) or releases case s's hold on its plot by hand, given the
// plot's holds. A hold the case keeps under a plot rule is not staff's to lift while the case
// is open; once the case has ended it may be (the automatic release was lost in a crash).
func DecideHold(s State, holds PlotHolds, place bool, reason string, at time.Time) (domain.Event, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, domain.Invalid(domain.FieldError{Field: "reason", Code: "required", Message: "a hold needs a reason"})
	}
	err := openCase(s)
	if !place && s.Exists() {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if s.Plot == nil {
		return nil, refuse(RuleHoldRequiresPlot, "the case names no plot to hold")
	}
	held, isHeld := holds.Of(s.ID)
	switch {
	case place && isHeld:
		return nil, refuse(RuleHoldAlreadyPlaced, "this case already holds plot %s", s.Plot)
	case place:
		return &HoldPlaced{CaseID: s.ID, Reason: reason, At: at}, nil
	case !isHeld:
		return nil, refuse(RuleHoldNoneOpen, "this case holds no open hold on plot %s", s.Plot)
	case held.Rule != "" && !s.Status.Closed():
		return nil, refuse(RuleHoldByRule, "the case holds plot %s under rule %s until it ends", s.Plot, held.Rule)
	}
	return &HoldReleased{CaseID: s.ID, Reason: reason, At: at}, nil
}

// PlotEventCase is the case a plot-stream event concerns; ok is false for any other event.
func PlotEventCase(ev domain.Event) (id uuid.UUID, ok bool) {
	switch e := ev.(type) {
	case *HoldPlaced:
		return e.CaseID, true
	case *HoldReleased:
		return e.CaseID, true
	case *IssuanceCleared:
		return e.CaseID, true
	}
	return uuid.Nil, false
}

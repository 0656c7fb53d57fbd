package cases

import (
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

// HoldPlaced blocks issuance on every case for the plot until released; the hold is known by
// the case that placed it.
type HoldPlaced struct {
	CaseID uuid.UUID `json:"case_id"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// HoldReleased lifts the hold the case placed.
type HoldReleased struct {
	CaseID uuid.UUID `json:"case_id"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

func (*HoldPlaced) EventType() string   { return TypeHoldPlaced }
func (*HoldReleased) EventType() string { return TypeHoldReleased }

func (e *HoldPlaced) OccurredAt() time.Time   { return e.At }
func (e *HoldReleased) OccurredAt() time.Time { return e.At }

// PlotHolds lists the cases holding a plot, folded from its stream.
type PlotHolds []uuid.UUID

// EvolveHolds applies one plot-hold event.
func EvolveHolds(h PlotHolds, ev domain.Event) PlotHolds {
	switch e := ev.(type) {
	case *HoldPlaced:
		return append(h, e.CaseID)
	case *HoldReleased:
		out := PlotHolds{}
		for _, id := range h {
			if id != e.CaseID {
				out = append(out, id)
			}
		}
		return out
	}
	return h
}

// DecideHold places (place = true) or releases case s's hold on its plot, given the plot's holds.
func DecideHold(s State, holds PlotHolds, place bool, reason string, at time.Time) (domain.Event, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, domain.Invalid(domain.FieldError{Field: "reason", Code: "required", Message: "a hold needs a reason"})
	}
	if err := openCase(s); err != nil {
		return nil, err
	}
	if s.Plot == nil {
		return nil, refuse(RuleHoldRequiresPlot, "the case names no plot to hold")
	}
	held := false
	for _, id := range holds {
		held = held || id == s.ID
	}
	switch {
	case place && held:
		return nil, refuse(RuleHoldAlreadyPlaced, "this case already holds plot %s", s.Plot)
	case place:
		return &HoldPlaced{CaseID: s.ID, Reason: reason, At: at}, nil
	case !held:
		return nil, refuse(RuleHoldNoneOpen, "this case holds no open hold on plot %s", s.Plot)
	}
	return &HoldReleased{CaseID: s.ID, Reason: reason, At: at}, nil
}

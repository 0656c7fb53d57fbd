package commands

import (
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
)

// plotAttempts bounds how often a command re-reads a plot stream that moved under it. Every
// round lets at least one writer through, so this many contenders on one plot all get done.
const plotAttempts = 16

// The event store appends to one stream at a time (EventStoreDB has no multi-stream append),
// so a command that touches a plot writes two streams in an order chosen for what a crash
// between them leaves: the plot event that must precede the case's (the hold of a case that
// opens, the marker of an issuance) goes first, the release of a case that ended goes last.
// A crash thus leaves a plot held too long (a hold whose case never opened, or has ended),
// never an issuance past an open hold.

// writeCase appends a decided command's events to the case stream at rev and keeps the case's
// plot in step with the catalogue's plot rules; the Result lists the plot events too.
func (h *Cases) writeCase(ctx context.Context, ids ids, id uuid.UUID, rev int64, state cases.State, cmd cases.Command,
	svc catalogue.Service, events []domain.Event, actor Actor) (Result, error) {
	after := state
	for _, ev := range events {
		after = cases.Evolve(after, ev)
	}
	_, issue := cmd.(cases.Issue)
	ends := !state.Status.Closed() && after.Status.Closed()
	// A holding service's case is put in step at every command, so one opened before its rule
	// was published takes its hold at its next step; other cases touch their plot only when
	// they issue or end.
	if after.Plot == nil || !(issue || ends || svc.HoldsPlot != nil) {
		return h.append(ctx, ids, cases.StreamName(id), id, rev, events, actor)
	}
	change := cases.CaseChange{Before: state, After: after, Revision: uint64(rev + int64(len(events)))}
	first, err := h.precedePlot(ctx, ids, change, cmd, svc, actor)
	if err != nil {
		return Result{}, err
	}
	res, err := h.append(ctx, ids, cases.StreamName(id), id, rev, events, actor)
	if err != nil {
		return Result{}, err
	}
	released, err := h.syncPlot(ctx, ids, change, svc, actor, false)
	res.Events = slices.Concat(first, res.Events, released)
	if err != nil {
		return res, &domain.Error{Code: domain.CodeOf(err), Err: err,
			Message: "the case is " + string(after.Status) + " but its hold on plot " + after.Plot.String() + " stays; release it with release-hold"}
	}
	return res, nil
}

// precedePlot writes what the plot stream must show before the case's events: an issuance's
// marker, at the revision whose holds its decision saw (a hold placed since conflicts), or the
// hold of a case that opens.
func (h *Cases) precedePlot(ctx context.Context, ids ids, change cases.CaseChange, cmd cases.Command, svc catalogue.Service, actor Actor) ([]string, error) {
	issue, ok := cmd.(cases.Issue)
	if !ok {
		return h.syncPlot(ctx, ids, change, svc, actor, true)
	}
	after := change.After
	marker := []domain.Event{cases.ClearIssuance(after, issue.At)}
	res, err := h.append(ctx, ids.at(issue.PlotRevision), cases.PlotStreamName(*after.Plot), after.ID, issue.PlotRevision, marker, actor)
	if errors.Is(err, eventstore.ErrConflict) {
		return nil, plotBusy(after)
	}
	return res.Events, err
}

// syncPlot writes the hold (placing) or the release (!placing) the plot rules ask after change,
// re-reading the plot when another command moved it first; it returns the type of what it
// wrote.
func (h *Cases) syncPlot(ctx context.Context, ids ids, change cases.CaseChange, svc catalogue.Service, actor Actor, placing bool) ([]string, error) {
	s := change.After
	for range plotAttempts {
		holds, rev, err := h.plotHolds(ctx, s)
		if err != nil {
			return nil, err
		}
		ev := cases.PlotRuleEffect(change, svc.HoldsPlot, holds, h.now())
		if _, hold := ev.(*cases.HoldPlaced); ev == nil || hold != placing {
			return nil, nil
		}
		res, err := h.append(ctx, ids.at(rev), cases.PlotStreamName(*s.Plot), s.ID, rev, []domain.Event{ev}, actor)
		if !errors.Is(err, eventstore.ErrConflict) {
			return res.Events, err
		}
	}
	return nil, plotBusy(s)
}

// retryOnPlot runs an issuance again while its plot moved between reading its holds and
// writing its marker, so a hold placed meanwhile is seen and refuses it.
func retryOnPlot(run func() (Result, error)) (Result, error) {
	res, err := run()
	for i := 1; i < plotAttempts && errors.Is(err, errPlotMoved); i++ {
		res, err = run()
	}
	return res, err
}

// errPlotMoved marks a conflict on a plot stream, which a retry resolves.
var errPlotMoved = errors.New("commands: the plot stream moved")

func plotBusy(s cases.State) error {
	return &domain.Error{Code: domain.CodeConflict, Message: "plot " + s.Plot.String() + " is busy; retry", Err: errPlotMoved}
}

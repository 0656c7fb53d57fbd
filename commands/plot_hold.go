package commands

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// PlaceHold puts a hold on the case's plot, blocking issuance on every case for that plot. The
// Result names the plot stream's revision, not the case's.
func (h *Cases) PlaceHold(ctx context.Context, id uuid.UUID, reason string, actor Actor) (Result, error) {
	return h.hold(ctx, id, true, reason, actor)
}

// ReleaseHold lifts the hold the case placed on its plot.
func (h *Cases) ReleaseHold(ctx context.Context, id uuid.UUID, reason string, actor Actor) (Result, error) {
	return h.hold(ctx, id, false, reason, actor)
}

func (h *Cases) hold(ctx context.Context, id uuid.UUID, place bool, reason string, actor Actor) (Result, error) {
	s, _, who, err := h.load(ctx, id)
	if err != nil {
		return Result{}, err
	}
	action := access.ReleaseHold
	if place {
		action = access.PlaceHold
	}
	target, err := h.target(s, who)
	if err != nil {
		return Result{}, err
	}
	if actor, err = h.permit(actor, action, target, false); err != nil {
		return Result{}, err
	}
	holds, rev, err := h.plotHolds(ctx, s)
	if err != nil {
		return Result{}, err
	}
	ev, err := cases.DecideHold(s, holds, place, reason, h.now())
	if err != nil {
		return Result{}, err
	}
	return h.append(ctx, cases.PlotStreamName(*s.Plot), id, rev, []domain.Event{ev}, actor)
}

// plotHolds folds the hold stream of the case's plot and returns its revision (-1: none yet).
func (h *Cases) plotHolds(ctx context.Context, s cases.State) (cases.PlotHolds, int64, error) {
	if s.Plot == nil {
		return nil, -1, nil
	}
	recs, err := h.store.ReadStream(ctx, cases.PlotStreamName(*s.Plot), 0, 0)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil, -1, nil
	}
	if err != nil {
		return nil, 0, storeError(err)
	}
	var holds cases.PlotHolds
	for _, r := range recs {
		ev, err := h.registry.Decode(r.Type, r.Data)
		if err != nil {
			return nil, 0, err
		}
		holds = cases.EvolveHolds(holds, ev)
	}
	return holds, int64(recs[len(recs)-1].Revision), nil
}

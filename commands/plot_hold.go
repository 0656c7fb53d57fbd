package commands

import (
	"context"

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
	c, err := h.load(ctx, id)
	if err != nil {
		return Result{}, err
	}
	action := access.ReleaseHold
	if place {
		action = access.PlaceHold
	}
	target, err := h.target(c.state, c.who)
	if err != nil {
		return Result{}, err
	}
	if actor, err = h.permit(actor, action, target, false); err != nil {
		return Result{}, err
	}
	stream, recs, err := h.plotHistory(ctx, c.state)
	if err != nil {
		return Result{}, err
	}
	ids := h.ids(ctx)
	if res, ok := ids.written(recs, id, stream); ok {
		return res, nil
	}
	holds, err := h.foldHolds(recs)
	if err != nil {
		return Result{}, err
	}
	ev, err := cases.DecideHold(c.state, holds, place, reason, h.now())
	if err != nil {
		return Result{}, err
	}
	return h.append(ctx, ids, stream, id, int64(len(recs))-1, []domain.Event{ev}, actor)
}

// plotHolds folds the hold stream of the case's plot and returns its revision (-1: none yet).
func (h *Cases) plotHolds(ctx context.Context, s cases.State) (cases.PlotHolds, int64, error) {
	_, recs, err := h.plotHistory(ctx, s)
	if err != nil {
		return nil, 0, err
	}
	holds, err := h.foldHolds(recs)
	return holds, int64(len(recs)) - 1, err
}

// plotHistory names the hold stream of the case's plot and reads it; none for a case without
// a plot.
func (h *Cases) plotHistory(ctx context.Context, s cases.State) (string, []eventstore.RecordedEvent, error) {
	if s.Plot == nil {
		return "", nil, nil
	}
	stream := cases.PlotStreamName(*s.Plot)
	recs, err := h.read(ctx, stream)
	return stream, recs, err
}

func (h *Cases) foldHolds(recs []eventstore.RecordedEvent) (cases.PlotHolds, error) {
	var holds cases.PlotHolds
	for _, r := range recs {
		ev, err := h.registry.Decode(r.Type, r.Data)
		if err != nil {
			return nil, err
		}
		holds = cases.EvolveHolds(holds, ev)
	}
	return holds, nil
}

// PlotEvents are the events the case whose History recs is wrote to its plot's stream (holds
// placed and released, issuances cleared), oldest first, so its timeline shows them; none for
// a case without a plot.
func (h *Cases) PlotEvents(ctx context.Context, recs []eventstore.RecordedEvent) ([]eventstore.RecordedEvent, error) {
	s, _, err := h.fold(recs)
	if err != nil {
		return nil, err
	}
	_, plot, err := h.plotHistory(ctx, s)
	var out []eventstore.RecordedEvent
	for _, r := range plot {
		if err != nil {
			break
		}
		var ev domain.Event
		if ev, err = h.registry.Decode(r.Type, r.Data); err == nil {
			if id, ok := cases.PlotEventCase(ev); ok && id == s.ID {
				out = append(out, r)
			}
		}
	}
	return out, err
}

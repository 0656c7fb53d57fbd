package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/delegation"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Delegation is a request to put an official's cases in a colleague's hands for a period.
type Delegation struct {
	From, To     string
	Starts, Ends time.Time
	Reason       string
}

// Delegate records a delegation on the delegator's stream: asked of the access policy as
// access.Delegate on the delegator (their own, or their department's for a supervisor).
// Result.CaseID is the new delegation's id.
func (h *Cases) Delegate(ctx context.Context, d Delegation, actor Actor) (Result, error) {
	id := NewID(ctx, "delegation", h.newID)
	cmd := delegation.Record{ID: id, From: d.From, To: d.To, Starts: d.Starts, Ends: d.Ends, Reason: d.Reason, At: h.now()}
	if err := cmd.Validate(); err != nil {
		return Result{}, err
	}
	return h.onDelegations(ctx, id, d.From, actor, func(s delegation.State) (domain.Event, error) {
		return delegation.DecideRecord(s, cmd)
	})
}

// RevokeDelegation ends delegation id of official, with the same permission as recording it.
func (h *Cases) RevokeDelegation(ctx context.Context, official string, id uuid.UUID, reason string, actor Actor) (Result, error) {
	cmd := delegation.Revoke{ID: id, Reason: reason, At: h.now()}
	if err := cmd.Validate(); err != nil {
		return Result{}, err
	}
	return h.onDelegations(ctx, id, official, actor, func(s delegation.State) (domain.Event, error) {
		return delegation.DecideRevoke(s, cmd)
	})
}

// onDelegations loads official's delegations, authorizes, decides and appends at the revision
// read; a rerun under the same retry seed answers what its first attempt wrote.
func (h *Cases) onDelegations(ctx context.Context, id uuid.UUID, official string, actor Actor,
	decide func(delegation.State) (domain.Event, error)) (Result, error) {
	member, ok := catalogue.StaffMember(official)
	if !ok {
		return Result{}, domain.RuleViolated(delegation.RuleUnknownOfficial, fmt.Sprintf("%q is not on the city's staff roster", official))
	}
	stream, ids := delegation.StreamName(official), h.ids(ctx)
	recs, err := h.read(ctx, stream)
	if err != nil {
		return Result{}, err
	}
	if res, ok := ids.written(recs, id, stream); ok {
		return res, nil
	}
	target := access.Target{Department: member.Department, OwnerSubject: official}
	if actor, err = h.permit(actor, access.Delegate, target, false); err != nil {
		return Result{}, err
	}
	var s delegation.State
	for _, r := range recs {
		ev, err := h.delegations.Decode(r.Type, r.Data)
		if err != nil {
			return Result{}, fmt.Errorf("%s revision %d: %w", r.Stream, r.Revision, err)
		}
		s = delegation.Evolve(s, ev)
	}
	ev, err := decide(s)
	if err != nil {
		return Result{}, err
	}
	expected := eventstore.NoStream
	if len(recs) > 0 {
		expected = eventstore.Exact(recs[len(recs)-1].Revision)
	}
	return h.appendExpecting(ctx, ids, stream, id, expected, []domain.Event{ev}, actor)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RecordPatrolFinding records a violation an inspector found on patrol in one append: on the
// plot's open case of the service, not yet served notice, the inspection; otherwise a new case
// with the inspection recorded and the inspector assigned. opened says which. A retried request
// answers as its first attempt did, since the new case's id comes from the request's seed and is
// looked for before the plot's cases.
func (h *Cases) RecordPatrolFinding(ctx context.Context, f cases.RecordPatrolFinding, actor Actor) (res Result, opened bool, err error) {
	svc, known := h.catalog.Service(f.Service)
	if !known {
		return Result{}, false, domain.Invalid(domain.FieldError{Field: "service", Code: "unknown",
			Message: "no service " + f.Service + " in catalogue " + h.catalog.Version()})
	}
	f.Inspector = actor.Principal.Subject
	if f.Inspector == "" {
		f.Inspector = actor.ID // trusted callers without a token (seeders)
	}
	fresh := h.ids(ctx).caseID()
	f.CaseID, f.CatalogueVersion, f.At = fresh, h.catalog.Version(), h.now()
	// Bad input and a caller who may not patrol the plot's district are refused before any case
	// is looked for, so the answer is the same whether the plot has an open case or not.
	if err := cases.Validate(f); err != nil {
		return Result{}, false, err
	}
	if _, err := h.permit(actor, access.RecordPatrolFinding, openingTarget(svc, f.District, f.Owner), true); err != nil {
		return Result{}, false, err
	}
	id, err := h.caseToRecordOn(ctx, f, fresh)
	if err != nil {
		return Result{}, false, err
	}
	res, err = h.execute(ctx, id, func(ctx context.Context, s cases.State) (cases.Command, error) {
		f.CaseID = id
		if s.Exists() {
			return f, nil // on the open case, or a rerun the pipeline answers as before
		}
		// Only a finding the pipeline will accept takes a tracking number, as in Submit.
		var err error
		f.TrackingNumber, err = h.numbers.allocate(ctx, id, svc.Group, f.At)
		return f, err
	}, actor, nil)
	return res, id == fresh, err
}

// caseToRecordOn is fresh when a first attempt of this request opened it, else the case of the
// finding's service that stands open on its plot before notice, else fresh: one building gets
// one case before the commission. A violation service's open case holds its plot, so the
// plot's holds name every candidate.
func (h *Cases) caseToRecordOn(ctx context.Context, f cases.RecordPatrolFinding, fresh uuid.UUID) (uuid.UUID, error) {
	if prior, err := h.load(ctx, fresh); err != nil || prior.rev >= 0 || f.Plot == nil {
		return fresh, err
	}
	holds, _, err := h.plotHolds(ctx, cases.State{Plot: f.Plot})
	if err != nil {
		return uuid.Nil, err
	}
	for _, hold := range holds {
		c, err := h.load(ctx, hold.CaseID)
		if err != nil {
			return uuid.Nil, err
		}
		if s := c.state; s.Service == f.Service && !s.Status.Closed() && !s.Violation.NoticeServed {
			return hold.CaseID, nil
		}
	}
	return fresh, nil
}

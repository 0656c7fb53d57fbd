package commands

import (
	"context"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// SubmitApplication is a new case from an applicant online, a clerk for a walk-in, or an
// inspector reporting a violation.
type SubmitApplication struct {
	Service     string
	Channel     string
	District    string
	Plot        *ident.Plot
	Description string
	Applicant   cases.Applicant
}

// Submit opens a case under the current catalogue version and returns its new id.
func (h *Cases) Submit(ctx context.Context, cmd SubmitApplication, actor Actor) (Result, error) {
	svc, known := h.catalog.Service(cmd.Service)
	if cmd.Service != "" && !known {
		return Result{}, domain.Invalid(domain.FieldError{Field: "service", Code: "unknown",
			Message: "no service " + cmd.Service + " in catalogue " + h.catalog.Version()})
	}
	id, at := h.ids(ctx).caseID(), h.now()
	return h.execute(ctx, id, func(ctx context.Context, s cases.State) (cases.Command, error) {
		sub := cases.Submit{
			CaseID: id, Service: cmd.Service, CatalogueVersion: h.catalog.Version(), Channel: cmd.Channel,
			District: cmd.District, Plot: cmd.Plot, Description: cmd.Description, Applicant: cmd.Applicant, At: at,
		}
		if !known || s.Exists() {
			return sub, nil // refused by the pipeline, which numbers nothing
		}
		// A number is an append to a counter: only a submission the pipeline will accept takes
		// one, so bad input and refused callers leave the store as it was. (execute checks
		// both again; a rerun whose case is stored never gets here.)
		if err := cases.Validate(sub); err != nil {
			return nil, err
		}
		action, target := commandAccess(sub, s, owner{}, svc)
		if _, err := h.permit(actor, action, target, true); err != nil {
			return nil, err
		}
		var err error
		sub.TrackingNumber, err = h.numbers.allocate(ctx, id, svc.Group, at)
		return sub, err
	}, actor, nil)
}

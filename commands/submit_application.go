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
	// The number is taken only when the case is not stored yet (execute answers a stored rerun
	// itself); a submission refused later leaves a gap in the series, never a duplicate.
	return h.execute(ctx, id, func(ctx context.Context, _ cases.State) (cases.Command, error) {
		var number string
		var err error
		if known {
			number, err = h.numbers.allocate(ctx, id, svc.Group, at)
		}
		return cases.Submit{
			CaseID: id, Service: cmd.Service, CatalogueVersion: h.catalog.Version(), Channel: cmd.Channel,
			District: cmd.District, Plot: cmd.Plot, Description: cmd.Description, Applicant: cmd.Applicant,
			TrackingNumber: number, At: at,
		}, err
	}, actor, nil)
}

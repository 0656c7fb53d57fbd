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
	if _, known := h.catalog.Service(cmd.Service); cmd.Service != "" && !known {
		return Result{}, domain.Invalid(domain.FieldError{Field: "service", Code: "unknown",
			Message: "no service " + cmd.Service + " in catalogue " + h.catalog.Version()})
	}
	id := h.ids(ctx).caseID()
	return h.execute(ctx, id, fixed(cases.Submit{
		CaseID: id, Service: cmd.Service, CatalogueVersion: h.catalog.Version(), Channel: cmd.Channel,
		District: cmd.District, Plot: cmd.Plot, Description: cmd.Description, Applicant: cmd.Applicant, At: h.now(),
	}), actor, nil)
}

package web

import (
	"context"
	"errors"
	"slices"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// Tracker finds a case by tracking number and the last four digits of the applicant's
// national ID, NotFound alike for an unknown number and a wrong pair.
type Tracker interface {
	Track(ctx context.Context, number, last4 string) (casesummary.Case, error)
}

// Track copies from the case only what CaseStatus allows: no name, ID, address or plot.
func (m *ReadModels) Track(ctx context.Context, number, last4 string) (CaseStatus, bool, error) {
	c, err := m.Cases.Track(ctx, number, last4)
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeNotFound {
		return CaseStatus{}, false, nil
	}
	if err != nil {
		return CaseStatus{}, false, err
	}
	e, _ := lifecycle.Of(lifecycle.Status(c.Status))
	out := CaseStatus{Number: number, Status: c.Status, Text: c.StatusText, WaitsOn: e.WaitsOn, Next: []catalogue.Text{}}
	if svc, ok := m.Catalogue.Service(c.Service); ok {
		out.Service = svc.Name
	}
	if c.DueAt != nil && !e.Finished() {
		out.Due = c.DueAt
	}
	if d := c.ApplicantDue; d != nil {
		out.ApplicantDue, out.ApplicantOverdue = &d.UTC, d.Overdue
	}
	for _, a := range c.NextActions {
		if slices.Contains(a.Roles, access.Applicant) {
			out.Next = append(out.Next, a.Text)
		}
	}
	return out, true, nil
}

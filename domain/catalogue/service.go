package catalogue

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/lifecycle"

	"github.com/shafaf-city/shafaf/domain/workdays"
)

// Text is a string in both languages the product shows; lifecycle defines it for status texts.
type Text = lifecycle.Text

// Sourced says where a figure comes from: "cited" with a citation, or "assumed" until the
// municipality confirms it.
type Sourced struct {
	Source   string `json:"source"`
	Citation string `json:"citation,omitempty"`
}

// Deadline is a service's legal period and its origin.
type Deadline struct {
	workdays.Deadline
	Sourced
}

// StepRule is one step a service uses and the roles allowed to act on it. A catalogue file
// names only the step: Load fills Roles from the access policy, the one place that decides.
type StepRule struct {
	Step  Step          `json:"step"`
	Roles []access.Role `json:"roles"`
}

// Issuance describes the document a service issues; ValidityMonths 0 means it does not expire.
// Content names what the document states beyond its number and validity, entered by staff
// when they issue it: ContentZoning, or nothing.
type Issuance struct {
	Document       string `json:"document"`
	ValidityMonths int    `json:"validity_months"`
	Renewable      bool   `json:"renewable"`
	Content        string `json:"content,omitempty"`
	Sourced
}

// ContentZoning is the content of a land-use or detailed-plan reply: the plot's zone, permitted
// uses, density, height and setbacks (cases.Zoning).
const ContentZoning = "zoning"

// Windows are the periods a violation case gives the owner, counted in calendar days.
type Windows struct {
	DefenceDays int `json:"defence_days"`
	AppealDays  int `json:"appeal_days"`
	Sourced
}

// Service is one e-service as a case opened under this catalogue version must run it.
type Service struct {
	Key         string          `json:"key"`
	Name        Text            `json:"name"`
	Group       access.Group    `json:"group"`
	Steps       []StepRule      `json:"steps"`
	Documents   []string        `json:"documents"`
	FeeItems    []string        `json:"fee_items"`
	Deadline    Deadline        `json:"deadline"`
	NormDays    int             `json:"norm_days"` // the service's own target, tighter than the law
	Issues      *Issuance       `json:"issues,omitempty"`
	Windows     *Windows        `json:"windows,omitempty"`
	StatusTexts map[Status]Text `json:"status_texts,omitempty"` // after Load: every status of the flow
	// HoldsPlot is the plot rule under which an open case of this service holds its plot; set
	// by Load from the catalogue's plot_rules, nil when the service's cases block nothing.
	HoldsPlot *PlotRule `json:"-"`
}

// Flow is the life cycle of this service's cases.
func (s Service) Flow() Flow { return FlowOf(s.Group) }

// UsesStep reports whether the service's workflow includes step.
func (s Service) UsesStep(step Step) bool {
	return slices.ContainsFunc(s.Steps, func(r StepRule) bool { return r.Step == step })
}

// StatusText is what the applicant sees for status; ok is false for a status outside the flow.
func (s Service) StatusText(status Status) (Text, bool) {
	t, ok := s.StatusTexts[status]
	return t, ok
}

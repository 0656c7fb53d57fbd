package cases

import (
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
)

// Event type names. They are stored forever: never rename one, add a new version instead.
const (
	TypeSubmitted      = "case.Submitted.v1"
	TypeIntakeAccepted = "case.IntakeAccepted.v1"
	TypeDecided        = "case.Decided.v1"
)

// Applicant is personal data. It appears only under the "personal" key of event data, never in
// stream names, event types or metadata, so it can be encrypted per person and shredded later.
type Applicant struct {
	Name       string `json:"name"`
	NationalID string `json:"national_id"`
	Phone      string `json:"phone,omitempty"`
	Address    string `json:"address,omitempty"`
}

// Submitted opens a case: online by the applicant or by a clerk for a walk-in.
type Submitted struct {
	CaseID           uuid.UUID `json:"case_id"`
	Service          string    `json:"service"`
	CatalogueVersion string    `json:"catalogue_version"`
	Channel          string    `json:"channel"`
	District         string    `json:"district"`
	Description      string    `json:"description,omitempty"`
	Personal         Applicant `json:"personal"`
	At               time.Time `json:"at"`
}

// IntakeAccepted says the file is complete and enters review.
type IntakeAccepted struct {
	Note string    `json:"note,omitempty"`
	At   time.Time `json:"at"`
}

// Decided records approval or rejection with reasons and legal basis.
type Decided struct {
	Outcome    Outcome   `json:"outcome"`
	Reasons    []string  `json:"reasons"`
	LegalBasis string    `json:"legal_basis,omitempty"`
	At         time.Time `json:"at"`
}

func (*Submitted) EventType() string      { return TypeSubmitted }
func (*IntakeAccepted) EventType() string { return TypeIntakeAccepted }
func (*Decided) EventType() string        { return TypeDecided }

// NewRegistry returns the registry of every case event, for decoding stored history.
func NewRegistry() (*domain.Registry, error) {
	return domain.NewRegistry(
		func() domain.Event { return &Submitted{} },
		func() domain.Event { return &IntakeAccepted{} },
		func() domain.Event { return &Decided{} },
	)
}

package cases

import (
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// Applicant is personal data. It appears only under the "personal" key of event data, never in
// stream names, event types or metadata, so it can be encrypted per person and shredded later.
type Applicant struct {
	Name       string `json:"name"`
	NationalID string `json:"national_id"`
	Phone      string `json:"phone,omitempty"`
	Address    string `json:"address,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
}

// Submitted opens a case: online by the applicant, by a clerk for a walk-in, or by an inspector
// reporting a violation. It carries the deadline and first due date so the clock can be
// recomputed without the catalogue.
type Submitted struct {
	CaseID           uuid.UUID         `json:"case_id"`
	Service          string            `json:"service"`
	Flow             catalogue.Flow    `json:"flow"`
	CatalogueVersion string            `json:"catalogue_version"`
	Channel          string            `json:"channel"`
	District         string            `json:"district"`
	Plot             *ident.Plot       `json:"plot,omitempty"`
	Description      string            `json:"description,omitempty"`
	Deadline         workdays.Deadline `json:"deadline"`
	DueAt            time.Time         `json:"due_at"`
	Personal         Applicant         `json:"personal"`
	// TrackingNumber is the number people quote (tracking.Number); cases submitted before
	// numbers existed have none.
	TrackingNumber string    `json:"tracking_number,omitempty"`
	At             time.Time `json:"at"`
}

// IntakeAccepted says the file is complete and enters review.
type IntakeAccepted struct {
	Timing           // moves the legal clock when the event changes whom the case waits on
	Note   string    `json:"note,omitempty"`
	At     time.Time `json:"at"`
}

// DocumentRequest asks for one document of the service's list, missing or to be replaced.
type DocumentRequest struct {
	Document string `json:"document"`
	Kind     string `json:"kind"` // "missing" or "replacement"
	Note     string `json:"note,omitempty"`
}

// DocumentsRequested returns the file to the applicant and pauses the clock. StaffWorkingDays
// is the stretch of staff time it ends.
type DocumentsRequested struct {
	Requests         []DocumentRequest `json:"requests"`
	StaffWorkingDays int               `json:"staff_working_days"`
	At               time.Time         `json:"at"`
}

// DocumentsProvided answers a request and resumes the clock; the due date moves by the
// PausedWorkingDays the case waited on the applicant.
type DocumentsProvided struct {
	Timing                      // moves the legal clock when the event changes whom the case waits on
	Documents         []string  `json:"documents"`
	PausedWorkingDays int       `json:"paused_working_days"`
	DueAt             time.Time `json:"due_at"`
	At                time.Time `json:"at"`
}

// Assigned gives the case to a clerk or department.
type Assigned struct {
	Assignee   string    `json:"assignee,omitempty"`
	Department string    `json:"department,omitempty"`
	Reason     string    `json:"reason,omitempty"` // absent on assignments before reasons
	At         time.Time `json:"at"`
}

func (*Submitted) EventType() string          { return TypeSubmitted }
func (*IntakeAccepted) EventType() string     { return TypeIntakeAccepted }
func (*DocumentsRequested) EventType() string { return TypeDocumentsRequested }
func (*DocumentsProvided) EventType() string  { return TypeDocumentsProvided }
func (*Assigned) EventType() string           { return TypeAssigned }

func (e *Submitted) OccurredAt() time.Time          { return e.At }
func (e *IntakeAccepted) OccurredAt() time.Time     { return e.At }
func (e *DocumentsRequested) OccurredAt() time.Time { return e.At }
func (e *DocumentsProvided) OccurredAt() time.Time  { return e.At }
func (e *Assigned) OccurredAt() time.Time           { return e.At }

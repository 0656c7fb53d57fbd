package cases

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
)

// Command is a request to change a case. Validate checks its own fields, independent of state.
type Command interface {
	Validate() error
}

// Submit opens a new case.
type Submit struct {
	CaseID           uuid.UUID
	Service          string
	CatalogueVersion string
	Channel          string // "online" or "walk_in"
	District         string
	Description      string
	Applicant        Applicant
	At               time.Time
}

// AcceptIntake accepts a complete file at intake.
type AcceptIntake struct {
	Note string
	At   time.Time
}

// RecordDecision approves or rejects the case.
type RecordDecision struct {
	Outcome    Outcome
	Reasons    []string
	LegalBasis string
	At         time.Time
}

// Validate checks the fields of a submission.
func (c Submit) Validate() error {
	var fe domain.FieldErrors
	if c.CaseID == uuid.Nil {
		fe.Add("case_id", "required", "a case id is required")
	}
	if strings.TrimSpace(c.Service) == "" {
		fe.Add("service", "required", "the service key is required")
	}
	if c.Channel != "online" && c.Channel != "walk_in" {
		fe.Add("channel", "one_of", `channel must be "online" or "walk_in"`)
	}
	if strings.TrimSpace(c.District) == "" {
		fe.Add("district", "required", "the district is required")
	}
	if strings.TrimSpace(c.Applicant.Name) == "" {
		fe.Add("applicant.name", "required", "the applicant's name is required")
	}
	if strings.TrimSpace(c.Applicant.NationalID) == "" {
		fe.Add("applicant.national_id", "required", "the applicant's national ID is required")
	}
	return fe.Err()
}

// Validate has nothing to check: accepting needs no input.
func (c AcceptIntake) Validate() error { return nil }

// Validate checks the verdict and that reasons are given.
func (c RecordDecision) Validate() error {
	var fe domain.FieldErrors
	if c.Outcome != OutcomeApprove && c.Outcome != OutcomeReject {
		fe.Add("outcome", "one_of", `outcome must be "approve" or "reject"`)
	}
	if len(c.Reasons) == 0 {
		fe.Add("reasons", "required", "at least one reason is required")
	}
	for i, r := range c.Reasons {
		if strings.TrimSpace(r) == "" {
			fe.Add("reasons", "blank", "reason "+strconv.Itoa(i)+" is blank")
		}
	}
	return fe.Err()
}

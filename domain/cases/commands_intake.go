package cases

import (
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// Submit opens a new case; the service comes from the catalogue version it is opened under.
type Submit struct {
	CaseID           uuid.UUID
	Service          string
	CatalogueVersion string
	Channel          string // "online", "walk_in" or "inspection" (a violation reported by staff)
	District         string
	Plot             *ident.Plot
	Description      string
	Applicant        Applicant
	TrackingNumber   string // allocated by the application layer, unique across the city
	At               time.Time
}

// AcceptIntake accepts a complete file at intake.
type AcceptIntake struct {
	Note string    `json:"note"`
	At   time.Time `json:"-"`
}

// RequestDocuments returns the file to the applicant for specific documents.
type RequestDocuments struct {
	Requests []DocumentRequest `json:"requests"`
	At       time.Time         `json:"-"`
}

// ProvideDocuments answers a document request.
type ProvideDocuments struct {
	Documents []string  `json:"documents"`
	At        time.Time `json:"-"`
}

// Assign gives the case to a clerk, a department or both; a reassignment says why.
type Assign struct {
	Assignee   string    `json:"assignee"`
	Department string    `json:"department"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"-"`
}

// Validate checks the fields of a submission, including the national ID's check digit and,
// when given, the postal code and plot.
func (c Submit) Validate() error {
	var f fields
	if c.CaseID == uuid.Nil {
		f.Add("case_id", "required", "a case id is required")
	}
	f.required("service", c.Service, "the service key")
	f.oneOf("channel", c.Channel, "online", "walk_in", "inspection")
	f.required("district", c.District, "the district")
	if c.District != "" && !catalogue.IsDistrict(c.District) {
		f.Add("district", CodeDistrictUnknown, "district "+strconv.Quote(c.District)+" is not one of the city's districts, 1 to "+strconv.Itoa(len(catalogue.Districts)))
	}
	f.required("applicant.name", c.Applicant.Name, "the applicant's name")
	_, err := ident.ParseNationalID(c.Applicant.NationalID)
	f.ident("applicant.", err)
	if c.Applicant.PostalCode != "" {
		_, err := ident.ParsePostalCode(c.Applicant.PostalCode)
		f.ident("applicant.", err)
	}
	if c.Plot != nil {
		_, err := ident.NewPlot(c.Plot.Section, c.Plot.Main, c.Plot.Sub)
		f.ident("", err)
	}
	return f.Err()
}

// Validate has nothing to check: accepting needs no input.
func (c AcceptIntake) Validate() error { return nil }

// Validate checks every request names a document and says whether it is missing or replaced.
func (c RequestDocuments) Validate() error {
	var f fields
	if len(c.Requests) == 0 {
		f.Add("requests", "required", "name at least one document")
	}
	for _, r := range c.Requests {
		f.required("requests.document", r.Document, "the document key")
		f.oneOf("requests.kind", r.Kind, "missing", "replacement")
	}
	return f.Err()
}

// Validate checks documents are named.
func (c ProvideDocuments) Validate() error {
	var f fields
	f.nonBlank("documents", c.Documents)
	return f.Err()
}

// Validate checks someone is named.
func (c Assign) Validate() error {
	var f fields
	if c.Assignee == "" && c.Department == "" {
		f.Add("assignee", "required", "name an assignee, a department or both")
	}
	return f.Err()
}

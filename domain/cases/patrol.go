package cases

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// RecordPatrolFinding is a violation an inspector finds on patrol, recorded in one step with
// the inspection that found it: no visit is booked first, since the visit has happened. On a
// plot with no open case of the service it opens the case (reported by inspection, assigned to
// the inspector, the inspection recorded) in one append; on the plot's open case that has not
// been served notice yet it records the inspection there, so one building gets one case
// before the Article 100 commission. Photos are attached to the case afterwards through the
// documents path, so a failed upload never loses the finding.
type RecordPatrolFinding struct {
	Service         string      `json:"service"` // a violation service: viol.art100, viol.parking
	District        string      `json:"district"`
	Plot            *ident.Plot `json:"plot"`
	Location        string      `json:"location"` // where on the street, as the inspector found it
	Owner           Applicant   `json:"owner"`    // the owner as the land registry names them
	Findings        string      `json:"findings"`
	MeasuredAreaDM2 int64       `json:"measured_area_dm2"`
	// Filled by the server: the case it opens (or the open one it records on), the catalogue
	// version, the tracking number of a new case, and the inspector (the caller).
	CaseID           uuid.UUID `json:"-"`
	CatalogueVersion string    `json:"-"`
	TrackingNumber   string    `json:"-"`
	Inspector        string    `json:"-"`
	At               time.Time `json:"-"`
}

// Validate checks the finding and, as a submission would, the case it may open; a patrol
// finding is always about a plot.
func (c RecordPatrolFinding) Validate() error {
	var f fields
	f.ident("", c.submission().Validate())
	for i, fe := range f.FieldErrors { // the submission's applicant is this body's owner
		if rest, ok := strings.CutPrefix(fe.Field, "applicant."); ok {
			f.FieldErrors[i].Field = "owner." + rest
		}
	}
	if c.Plot == nil {
		f.Add("plot", "required", "the plot where the violation was found is required")
	}
	f.required("location", c.Location, "where the violation was found")
	f.required("findings", c.Findings, "the findings")
	if c.MeasuredAreaDM2 < 0 {
		f.Add("measured_area_dm2", "negative", "the measured area must not be negative")
	}
	return f.Err()
}

// submission is the report that opens the case, with the owner as its applicant.
func (c RecordPatrolFinding) submission() Submit {
	return Submit{CaseID: c.CaseID, Service: c.Service, CatalogueVersion: c.CatalogueVersion, Channel: "inspection",
		District: c.District, Plot: c.Plot, Description: c.Location, Applicant: c.Owner,
		TrackingNumber: c.TrackingNumber, At: c.At}
}

// inspection is the finding as the inspection that records it.
func (c RecordPatrolFinding) inspection() *InspectionRecorded {
	return &InspectionRecorded{Findings: c.Findings, MeasuredAreaDM2: c.MeasuredAreaDM2, ViolationFound: true,
		Inspector: c.Inspector, Location: c.Location, OnPatrol: true, At: c.At}
}

// decidePatrolOpening opens a violation case with its inspection recorded, assigned to the
// inspector in the district's department.
func decidePatrolOpening(s State, c RecordPatrolFinding, d Deps) ([]domain.Event, error) {
	if err := patrolService(d); err != nil {
		return nil, err
	}
	opened, err := decideSubmit(s, c.submission(), d)
	if err != nil {
		return nil, err
	}
	events := []domain.Event{opened, c.inspection(),
		&Assigned{Assignee: c.Inspector, Department: access.DistrictDepartment(c.District), At: c.At}}
	clockEvents(s, events, d)
	return events, nil
}

// decide records the finding on the plot's open case, before its owner is served notice.
func (c RecordPatrolFinding) decide(s State, d Deps) (domain.Event, error) {
	if err := firstOf(flow(s, catalogue.FlowViolation), patrolService(d)); err != nil {
		return nil, err
	}
	if s.Service != c.Service || s.Plot == nil || c.Plot == nil || s.Plot.String() != c.Plot.String() || s.Plot.Section != c.Plot.Section {
		return nil, refuse(RuleServiceMismatch, "case %s is a %s case on another plot or of another service", s.ID, s.Service)
	}
	if err := beforeRulingOrDecision(s, d); err != nil {
		return nil, err
	}
	return c.inspection(), nil
}

// patrolService refuses a service whose cases are not violations found by inspection.
func patrolService(d Deps) error {
	if d.Service.Flow() != catalogue.FlowViolation {
		return refuse(RuleWrongFlow, "a patrol finds violations; %s is not a violation service", d.Service.Key)
	}
	return d.uses(catalogue.StepSiteInspection)
}

func (c RecordPatrolFinding) ReceivedAt(at time.Time) Command { c.At = at; return c }

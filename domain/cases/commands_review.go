package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// ScheduleInspection books a site visit.
type ScheduleInspection struct {
	Inspector string         `json:"inspector"`
	On        jalali.Instant `json:"on"`
	At        time.Time      `json:"-"`
}

// RecordInspection files the inspector's report.
type RecordInspection struct {
	Findings        string    `json:"findings"`
	MeasuredAreaDM2 int64     `json:"measured_area_dm2"`
	ViolationFound  bool      `json:"violation_found"`
	At              time.Time `json:"-"`
}

// RecordReview files the engineering review.
type RecordReview struct {
	Summary string    `json:"summary"`
	At      time.Time `json:"-"`
}

// ReferToCommission sends an application to the Article 100 or Article 5 commission.
type ReferToCommission struct {
	Commission Commission `json:"commission"`
	Reason     string     `json:"reason"`
	At         time.Time  `json:"-"`
}

// RecordCommissionRuling brings a commission's verdict back to the application.
type RecordCommissionRuling struct {
	Outcome Outcome   `json:"outcome"`
	Summary string    `json:"summary"`
	At      time.Time `json:"-"`
}

// RecordDecision approves or rejects the case.
type RecordDecision struct {
	Outcome    Outcome   `json:"outcome"`
	Reasons    []string  `json:"reasons"`
	LegalBasis string    `json:"legal_basis"`
	At         time.Time `json:"-"`
}

// Validate checks who inspects and when.
func (c ScheduleInspection) Validate() error {
	var f fields
	f.required("inspector", c.Inspector, "the inspector")
	if c.On.IsZero() {
		f.Add("on", "required", "the visit's time is required")
	}
	return f.Err()
}

// Validate checks the report says something and measures nothing negative.
func (c RecordInspection) Validate() error {
	var f fields
	f.required("findings", c.Findings, "the findings")
	if c.MeasuredAreaDM2 < 0 {
		f.Add("measured_area_dm2", "negative", "the measured area must not be negative")
	}
	return f.Err()
}

// Validate checks the review says something.
func (c RecordReview) Validate() error {
	var f fields
	f.required("summary", c.Summary, "the review summary")
	return f.Err()
}

// Validate checks the commission and the reason.
func (c ReferToCommission) Validate() error {
	var f fields
	f.oneOf("commission", string(c.Commission), strs(Commissions)...)
	f.required("reason", c.Reason, "the reason for the referral")
	return f.Err()
}

// Validate checks the verdict.
func (c RecordCommissionRuling) Validate() error {
	var f fields
	f.oneOf("outcome", string(c.Outcome), strs(Outcomes)...)
	f.required("summary", c.Summary, "the ruling's summary")
	return f.Err()
}

// Validate checks the verdict and that reasons are given.
func (c RecordDecision) Validate() error {
	var f fields
	f.oneOf("outcome", string(c.Outcome), strs(Outcomes)...)
	f.nonBlank("reasons", c.Reasons)
	return f.Err()
}

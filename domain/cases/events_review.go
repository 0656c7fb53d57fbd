package cases

import "time"

// Commission is the body a case can be referred to.
type Commission string

// The commissions of domain.md §2.5 and §2.6.
const (
	CommissionArticle100 Commission = "article_100"
	CommissionArticle5   Commission = "article_5"
)

// InspectionScheduled books a site visit.
type InspectionScheduled struct {
	Timing              // moves the legal clock when the event changes whom the case waits on
	Inspector string    `json:"inspector"`
	On        time.Time `json:"on"`
	At        time.Time `json:"at"`
}

// InspectionRecorded is the inspector's report; areas are in square decimetres, as fees count.
// A finding on patrol (OnPatrol) also names its inspector and where it was found; reports of
// booked visits have neither.
type InspectionRecorded struct {
	Timing                    // moves the legal clock when the event changes whom the case waits on
	Findings        string    `json:"findings"`
	MeasuredAreaDM2 int64     `json:"measured_area_dm2"`
	ViolationFound  bool      `json:"violation_found"`
	Inspector       string    `json:"inspector,omitempty"`
	Location        string    `json:"location,omitempty"`
	OnPatrol        bool      `json:"on_patrol,omitempty"`
	At              time.Time `json:"at"`
}

// ReviewRecorded is the engineering review of drawings or a technical question.
type ReviewRecorded struct {
	Summary string    `json:"summary"`
	At      time.Time `json:"at"`
}

// ReferredToCommission sends an application to a commission; no decision until it rules.
type ReferredToCommission struct {
	Timing                // moves the legal clock when the event changes whom the case waits on
	Commission Commission `json:"commission"`
	Reason     string     `json:"reason"`
	At         time.Time  `json:"at"`
}

// CommissionRuled brings the commission's verdict back to the case.
type CommissionRuled struct {
	Timing            // moves the legal clock when the event changes whom the case waits on
	Outcome Outcome   `json:"outcome"`
	Summary string    `json:"summary"`
	At      time.Time `json:"at"`
}

// Decided records approval or rejection with reasons and legal basis.
type Decided struct {
	Timing               // moves the legal clock when the event changes whom the case waits on
	Outcome    Outcome   `json:"outcome"`
	Reasons    []string  `json:"reasons"`
	LegalBasis string    `json:"legal_basis,omitempty"`
	At         time.Time `json:"at"`
}

func (*InspectionScheduled) EventType() string  { return TypeInspectionScheduled }
func (*InspectionRecorded) EventType() string   { return TypeInspectionRecorded }
func (*ReviewRecorded) EventType() string       { return TypeReviewRecorded }
func (*ReferredToCommission) EventType() string { return TypeReferredToCommission }
func (*CommissionRuled) EventType() string      { return TypeCommissionRuled }
func (*Decided) EventType() string              { return TypeDecided }

func (e *InspectionScheduled) OccurredAt() time.Time  { return e.At }
func (e *InspectionRecorded) OccurredAt() time.Time   { return e.At }
func (e *ReviewRecorded) OccurredAt() time.Time       { return e.At }
func (e *ReferredToCommission) OccurredAt() time.Time { return e.At }
func (e *CommissionRuled) OccurredAt() time.Time      { return e.At }
func (e *Decided) OccurredAt() time.Time              { return e.At }

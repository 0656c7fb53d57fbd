package cases

import (
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// State is everything a decision needs to know about a case, folded from its events.
type State struct {
	Progress         // status, waiting, due date, clock and money: what lists of cases show
	ID               uuid.UUID
	TrackingNumber   string // as Submitted gave it; none on cases older than numbers
	Service          string
	CatalogueVersion string
	District         string
	Plot             *ident.Plot
	SubmittedAt      time.Time
	Deadline         workdays.Deadline
	ExtensionDays    int

	Requested      []string    // documents the applicant still owes
	requestedAt    time.Time   // when they were asked for
	Documents      Attachments // uploaded files, superseded ones included
	IntakeAccepted bool
	Assignee       string
	Department     string
	Inspection     InspectionState
	Reviewed       bool
	Commission     CommissionState
	DecidedAt      time.Time
	Issued         IssuedState
	Violation      ViolationState
}

// Clock splits the case's elapsed working days between staff and applicant; the current
// stretch (since Since) is not yet counted in either, so dashboards add it for the live figure.
type Clock struct {
	Paused        bool      // waiting on the applicant
	Since         time.Time // start of the current stretch
	StaffDays     int
	ApplicantDays int
}

// InspectionState is what the site visit established.
type InspectionState struct {
	Scheduled      bool
	Recorded       bool
	ViolationFound bool
}

// CommissionState tracks an Article 100 / Article 5 referral of an application.
type CommissionState struct {
	Commission Commission
	Pending    bool
	Ruled      bool
	Outcome    Outcome
}

// Money is what the case charges and what has come in, in rials.
type Money struct {
	Assessed   bool
	FeeTotal   int64
	Fine       int64
	Paid       int64
	Waived     int64
	References []string `json:"-"` // only decisions need them, read models never
	// Bill is what the applicant pays at a bank or online for what is still owed (billing):
	// issued with the assessment, re-issued for the rest when part is paid or waived, none
	// once nothing is owed or when the amount is not whole thousands of rials.
	Bill *billing.Bill `json:"bill,omitempty"`
	// Settled are the bills paid ("bill ID/payment ID"), so a bill settles once whatever the
	// channel; RefundDue is money taken that the case did not owe (PaymentRefundDue).
	Settled   []string `json:"-"`
	RefundDue int64    `json:"refund_due,omitempty"`
}

// Outstanding is what is still owed.
func (m Money) Outstanding() int64 { return m.FeeTotal + m.Fine - m.Paid - m.Waived }

// IssuedState is the certificate or permit handed out.
type IssuedState struct {
	Number           string
	VerificationCode string
	ValidUntil       *time.Time
}

// ViolationState tracks notice, windows and rulings of a building-violation case.
type ViolationState struct {
	NoticeServed  bool
	DefenceEndsAt time.Time
	DefenceFiled  bool
	Ruling        *Ruling // the ruling in force: the appeal's once there is one
	AppealEndsAt  time.Time
	Appealed      bool
	Enforcing     bool
}

// awaitingDocuments reports whether documents asked of the applicant are still owed.
func (s State) awaitingDocuments() bool { return len(s.Requested) > 0 }

// Exists reports whether the case has been submitted.
func (s State) Exists() bool { return s.Status != StatusNone }

package casesummary

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/projections/caseprogress"
	"github.com/shafaf-city/shafaf/projections/casetable"
)

// row is one case_summary row as a batch folds events into it. It carries every column,
// because a batch writes its rows back whole; nullable columns are pointers.
type row struct {
	CaseID            uuid.UUID       `db:"case_id"`
	Service           string          `db:"service"`
	CatalogueVersion  string          `db:"catalogue_version"`
	Channel           string          `db:"channel"`
	District          string          `db:"district"`
	Status            string          `db:"status"`
	SubmittedAt       time.Time       `db:"submitted_at"`
	IntakeAt          *time.Time      `db:"intake_at"`
	DecidedAt         *time.Time      `db:"decided_at"`
	Outcome           *string         `db:"outcome"`
	Reasons           json.RawMessage `db:"reasons"`
	LegalBasis        *string         `db:"legal_basis"`
	Revision          int64           `db:"revision"`
	UpdatedAt         time.Time       `db:"updated_at"`
	Flow              string          `db:"flow"`
	Plot              *string         `db:"plot"`
	Assignee          *string         `db:"assignee"`
	Department        *string         `db:"department"`
	DueAt             *time.Time      `db:"due_at"`
	DaysPaused        int             `db:"days_paused"`
	StaffDays         int             `db:"staff_days"`
	WaitingOn         string          `db:"waiting_on"`
	ResumeStatus      *string         `db:"resume_status"`
	FeeTotal          int64           `db:"fee_total"`
	Fine              int64           `db:"fine"`
	FeePaid           int64           `db:"fee_paid"`
	FeeWaived         int64           `db:"fee_waived"`
	CertificateNumber *string         `db:"certificate_number"`
	ValidUntil        *time.Time      `db:"valid_until"`
	ServiceGroup      *string         `db:"service_group"`
	OwnerSubject      *string         `db:"owner_subject"`
	ApplicantNIDHash  *string         `db:"applicant_nid_hash"`
	TrackingNumber    *string         `db:"tracking_number"`
	TrackKey          *string         `db:"track_key"`             // TrackKey of the number and national ID
	ApplicantNameKey  *string         `db:"applicant_name_key"`    // ident.SearchKey of the name
	Outstanding       json.RawMessage `db:"outstanding_documents"` // documents asked for, not yet provided
	VerificationCode  *string         `db:"verification_code"`
	Zoning            *string         `db:"zoning" pg:"jsonb"` // a land-use reply's cases.Zoning
	Progress          json.RawMessage `db:"progress"`          // the domain's cases.Progress, as JSON
	progress          caseprogress.Column
}

// table loads and writes a batch's case_summary rows.
var table = casetable.New[row]("case_summary")

// ptr is v as a non-NULL value of a nullable column.
func ptr[T any](v T) *T { return &v }

// nonEmpty is s as a nullable column, where empty means NULL (SQL's NULLIF(s, ”)).
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

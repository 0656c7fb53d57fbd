package web

import (
	"context"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// Source is what the public pages read. Adapters over the transparency and certificate read
// models implement it; nothing it returns may carry personal data.
type Source interface {
	// Dashboard is the current aggregate picture of the city's services.
	Dashboard(ctx context.Context) (Dashboard, error)
	// Verify checks a certificate number and its verification code. A wrong code and an
	// unknown number both answer StatusUnknown, so the check cannot probe which numbers exist.
	Verify(ctx context.Context, number, code string) (Verification, error)
	// PermitRegister lists issued permits in the spirit of the BLDS open permit standard.
	PermitRegister(ctx context.Context) ([]Permit, error)
}

// Count is a number of cases that the read model may suppress: cells under five cases are
// hidden so that no citizen can be recognised in a small group.
type Count struct {
	N          int  `json:"n"`
	Suppressed bool `json:"suppressed,omitempty"`
}

// Month is a Jalali calendar month, the unit citizens and the municipality report in.
type Month struct {
	Year  int `json:"year"`
	Month int `json:"month"`
}

// Dashboard is everything the public page shows, in one consistent read.
type Dashboard struct {
	AsOf     time.Time      `json:"as_of"`
	Month    Month          `json:"month"`  // the month "this month" refers to
	Recent   Days           `json:"recent"` // the rolling window each service's Recent covers
	Services []ServiceStats `json:"services"`
	Trend    []MonthStats   `json:"trend"` // oldest first
	// Log is the newest signed checkpoint of the event log; nil when none is published.
	Log *LogCheckpoint `json:"transparency_log,omitempty"`
}

// LogCheckpoint is what the dashboard shows of the transparency log: its newest checkpoint
// (size 0 before the first) and the public key anyone checks it with.
type LogCheckpoint struct {
	Size      uint64    `json:"tree_size"`
	Root      []byte    `json:"root_hash"` // base64 in JSON, as in the checkpoint
	SignedAt  time.Time `json:"signed_at"`
	PublicKey string    `json:"public_key"`
}

// ServiceStats is one e-service's performance against its legal deadline.
type ServiceStats struct {
	Key            string         `json:"service"`
	Name           catalogue.Text `json:"name"`
	CasesThisMonth Count          `json:"cases_this_month"`
	// MedianDays is the median working days from submission to decision, applicant time
	// excluded; nil when there are no decisions yet or too few to publish.
	MedianDays   *float64 `json:"median_working_days"`
	DeadlineDays int      `json:"legal_deadline_working_days"`
	// WithinDeadline is the share (0–1) of decisions taken within the legal deadline.
	WithinDeadline     *float64 `json:"share_within_deadline"`
	WaitingOnStaff     Count    `json:"backlog_waiting_on_staff"`
	WaitingOnApplicant Count    `json:"backlog_waiting_on_applicant"`
	// Recent are the service's figures over the last days, so the page says something on the
	// first days of a month too.
	Recent WindowStats `json:"recent"`
}

// Days is a run of Tehran calendar days, both ends included, each held as that date at UTC
// midnight (how open data writes days).
type Days struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	N    int       `json:"days"`
}

// WindowStats is one service over the dashboard's rolling window of days.
type WindowStats struct {
	Submitted Count `json:"submitted"`
	Decided   Count `json:"decided"`
	// MeanDays is the mean working days from submission to decision of the cases decided in
	// the window, applicant time excluded: a median does not add up across days. Nil when too
	// few were decided to publish.
	MeanDays       *float64 `json:"mean_working_days"`
	WithinDeadline *float64 `json:"share_within_deadline"`
}

// Active says whether anything was submitted or decided in the window.
func (w WindowStats) Active() bool {
	return w.Submitted.Suppressed || w.Submitted.N > 0 || w.Decided.Suppressed || w.Decided.N > 0
}

// MonthStats is one month of the city-wide trend.
type MonthStats struct {
	Month              Month `json:"month"`
	Submitted          Count `json:"submitted"`
	Decided            Count `json:"decided"`
	ViolationsReported Count `json:"violations_reported"`
	ViolationsRuled    Count `json:"violations_ruled"`
	FeesCollected      int64 `json:"fees_collected_rials"`
}

// CertificateStatus is the public answer of a verification.
type CertificateStatus string

// The four answers /verify gives.
const (
	StatusValid   CertificateStatus = "valid"
	StatusRevoked CertificateStatus = "revoked"
	StatusExpired CertificateStatus = "expired"
	StatusUnknown CertificateStatus = "unknown"
)

// Verification is what a citizen holding a printed certificate may learn about it: never the
// holder's name, national ID or address.
type Verification struct {
	Status     CertificateStatus `json:"status"`
	Number     string            `json:"number"`
	Service    catalogue.Text    `json:"service,omitzero"`
	Issued     time.Time         `json:"issued,omitzero"`
	ValidUntil *time.Time        `json:"valid_until,omitempty"`
	District   string            `json:"district,omitempty"`
}

// Permit is one row of the public permit register; nil fields are not recorded for the case.
type Permit struct {
	Number     string         `json:"permit_number"`
	Service    string         `json:"permit_type"`
	Name       catalogue.Text `json:"permit_type_name"`
	Status     string         `json:"status_current"`
	Issued     time.Time      `json:"issued_date"`
	ValidUntil *time.Time     `json:"valid_until"`
	District   string         `json:"district"`
	Use        *string        `json:"proposed_use"`
	Floors     *int           `json:"floors"`
	AreaM2     *float64       `json:"area_m2"`
	FeeTotal   int64          `json:"fee_total_rials"`
}

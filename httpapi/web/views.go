package web

import (
	"context"
	"encoding/json"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// Source is what the public pages read. Adapters over the transparency and certificate read
// models implement it; nothing it returns may carry personal data.
type Source interface {
	// Dashboard is the current aggregate picture of the city's services.
	Dashboard(ctx context.Context) (Dashboard, error)
	// Verify checks a certificate number and its verification code. A wrong code and an
	// unknown number both answer StatusUnknown, so the check cannot probe which numbers exist.
	Verify(ctx context.Context, number, code string) (Verification, error)
	// Freshness is the time before which every event is in the public figures, and whether
	// the read models behind them lag or hold cases back.
	Freshness(ctx context.Context) (time.Time, Freshness, error)
	// PermitRegister lists issued permits in the spirit of the BLDS open permit standard.
	PermitRegister(ctx context.Context) ([]Permit, error)
	// Track is the public status of the case with tracking number (printed form) whose
	// applicant's national ID ends in last4; ok is false alike for an unknown number and a
	// wrong last4.
	Track(ctx context.Context, number, last4 string) (c CaseStatus, ok bool, err error)
	// ShortLink is the tracking number (printed form) of the case a text's short-link token
	// belongs to; found is false for a token no case has, number empty for a case without one.
	ShortLink(ctx context.Context, token string) (number string, found bool, err error)
}

// Count is a number of cases that the read model may hide: counts under five are hidden so
// that no citizen can be recognised in a small group, and so is, where needed, another count
// beside it, so the hidden one cannot be worked out by subtracting from a published total.
type Count struct {
	N          int  `json:"n"`
	Suppressed bool `json:"suppressed,omitempty"`
}

// Month is a Jalali calendar month, the unit citizens and the municipality report in.
type Month struct {
	Year  int `json:"year"`
	Month int `json:"month"`
}

// Dashboard is everything the public pages show, in one consistent read. Every figure of
// time to decision is the median in working days, and every share is of decisions taken
// within the legal deadline, on every page and file.
type Dashboard struct {
	// AsOf is how fresh the figures are: every event recorded before it is in them.
	AsOf      time.Time       `json:"as_of"`
	Freshness Freshness       `json:"freshness"`
	Recent    Days            `json:"recent"` // the run of days City, Services and Districts cover
	City      Figures         `json:"city"`
	Services  []ServiceStats  `json:"services"`
	Districts []DistrictStats `json:"districts"`
	Open      OpenCases       `json:"open"`  // the city's open cases now
	Trend     []MonthStats    `json:"trend"` // oldest first
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

// Freshness tells whether the read models behind the figures are keeping up.
type Freshness struct {
	// Behind is set when a read model trails the event log by more than a few minutes, or no
	// instance is running it: the figures are older than they should be.
	Behind bool `json:"behind"`
	// Parked counts the cases a read model has set aside after an error; their latest events
	// are not in the figures until an operator resolves them.
	Parked int `json:"parked_cases"`
}

// Figures are the cases submitted and decided over a run of days or a month, with the median
// working days to decision (applicant time excluded) and the share decided within the legal
// deadline; nil when too few decisions to publish.
type Figures struct {
	Submitted      Count    `json:"submitted"`
	Decided        Count    `json:"decided"`
	MedianDays     *float64 `json:"median_working_days"`
	WithinDeadline *float64 `json:"share_within_deadline"`
}

// OpenCases are cases open now, by whose turn it is.
type OpenCases struct {
	WaitingOnStaff     Count `json:"waiting_on_staff"`
	WaitingOnApplicant Count `json:"waiting_on_applicant"`
}

// ServiceStats is one e-service over the recent days against its legal deadline, and its
// open cases now.
type ServiceStats struct {
	Key          string         `json:"service"`
	Name         catalogue.Text `json:"name"`
	DeadlineDays int            `json:"legal_deadline_working_days"`
	Figures
	Open OpenCases `json:"open"`
}

// DistrictStats is one municipal district over the recent days.
type DistrictStats struct {
	District string `json:"district"`
	Figures
}

// Days is a run of Tehran calendar days, both ends included, each held as that date at UTC
// midnight; JSON writes them as dates ("2026-10-28").
type Days struct {
	From time.Time `json:"-"`
	To   time.Time `json:"-"`
	N    int       `json:"days"`
}

// MarshalJSON writes the run's ends as the dates they are.
func (d Days) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		From string `json:"from"`
		To   string `json:"to"`
		N    int    `json:"days"`
	}{day(d.From), day(d.To), d.N})
}

// MonthStats is one month of the city: its cases, violations and fees. Partial marks the
// month still running.
type MonthStats struct {
	Month   Month `json:"month"`
	Partial bool  `json:"partial,omitempty"`
	Figures
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
	// Plot and Section name the property (a public land-registry number, not personal data),
	// so a genuine code shown for another plot is seen not to match.
	Plot    string `json:"plot,omitempty"`
	Section int    `json:"plot_section,omitempty"`
	// Document is the kind the service issues (permit, certificate, inquiry_reply, …), which
	// titles the printable page.
	Document string `json:"document,omitempty"`
	// Facts are what the document attests beyond the above (what it permits), in order.
	Facts []Fact `json:"facts,omitempty"`
	// Zoning is what a land-use reply states about the plot; public planning facts.
	Zoning *cases.ZoningReply `json:"zoning,omitempty"`
}

// Fact is one thing a certificate attests, listed under its label (messages "fact.<Key>"):
// a worded value (Text) or a measure (Number in Unit, a messages key such as "m2"). The
// printable page and /verify list whatever facts the source gives, so a new kind of fact
// needs a label, not a template.
type Fact struct {
	Key    string         `json:"key"`
	Text   catalogue.Text `json:"text,omitzero"`
	Number float64        `json:"number,omitempty"`
	Unit   string         `json:"unit,omitempty"`
}

// Permit is one row of the public permit register; nil fields are not recorded for the case.
type Permit struct {
	Number     string         `json:"permit_number"`
	Service    string         `json:"permit_type"`
	Name       catalogue.Text `json:"permit_type_name"`
	Status     string         `json:"status_current"`
	Issued     Date           `json:"issued_date"`
	ValidUntil *Date          `json:"valid_until"`
	District   string         `json:"district"`
	Use        *string        `json:"proposed_use"`
	Floors     *int           `json:"floors"`
	AreaM2     *float64       `json:"area_m2"`
	FeeTotal   int64          `json:"fee_total_rials"`
}

// Date is a Tehran civil day. JSON writes it as "2026-10-01", as the data dictionary says,
// never as a timestamp whose UTC day may be the day before.
type Date struct{ time.Time }

// MarshalJSON writes the day.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(day(d.Time)) }

// CaseStatus is what /track tells anyone holding a tracking number and the last four digits
// of the applicant's national ID: where the case stands and what is due, nothing personal.
type CaseStatus struct {
	Number  string          `json:"tracking_number"`
	Service catalogue.Text  `json:"service"`
	Status  string          `json:"status"` // the lifecycle status, the stage
	Text    catalogue.Text  `json:"status_text"`
	WaitsOn lifecycle.Party `json:"waiting_on"`
	Due     *time.Time      `json:"due,omitempty"` // the legal due date, while one applies
	// Next are the steps the applicant may take now; empty when the move is someone else's.
	Next []catalogue.Text `json:"next_actions"`
}

package cases

import "time"

// Withdraw: the applicant gives up the application.
type Withdraw struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// Cancel: staff end the case.
type Cancel struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// Reopen brings a closed case back; a reason is required.
type Reopen struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// ExtendDeadline grants extra working days.
type ExtendDeadline struct {
	Days   int       `json:"days"`
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// AddNote adds a remark, internal or for the applicant.
type AddNote struct {
	Text       string    `json:"text"`
	Visibility string    `json:"visibility"`
	At         time.Time `json:"-"`
}

// Close ends a violation case once its ruling is carried out.
type Close struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// Validate has nothing to check: a reason is optional for the applicant.
func (c Withdraw) Validate() error { return nil }

// Validate checks the reason.
func (c Cancel) Validate() error { return reasonRequired(c.Reason) }

// Validate checks the reason.
func (c Reopen) Validate() error { return reasonRequired(c.Reason) }

// Validate checks the reason.
func (c Close) Validate() error { return reasonRequired(c.Reason) }

// Validate checks days and reason.
func (c ExtendDeadline) Validate() error {
	var f fields
	f.positive("days", int64(c.Days))
	if c.Days > 365 {
		f.Add("days", "too_large", "an extension is at most 365 working days")
	}
	f.required("reason", c.Reason, "the reason")
	return f.Err()
}

// Validate checks text and visibility.
func (c AddNote) Validate() error {
	var f fields
	f.required("text", c.Text, "the note's text")
	f.oneOf("visibility", c.Visibility, NoteVisibilities...)
	return f.Err()
}

func reasonRequired(reason string) error {
	var f fields
	f.required("reason", reason, "the reason")
	return f.Err()
}

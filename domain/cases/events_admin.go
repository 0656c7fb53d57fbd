package cases

import "time"

// Withdrawn: the applicant gave up the application.
type Withdrawn struct {
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// Cancelled: staff ended the case.
type Cancelled struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Reopened brings a closed case back to the status it was closed from.
type Reopened struct {
	Timing           // moves the legal clock when the event changes whom the case waits on
	Reason string    `json:"reason"`
	Status Status    `json:"status"` // the status the case returns to
	At     time.Time `json:"at"`
}

// DeadlineExtended grants extra working days; DueAt is the new due date.
type DeadlineExtended struct {
	Days   int       `json:"days"`
	Reason string    `json:"reason"`
	DueAt  time.Time `json:"due_at"`
	At     time.Time `json:"at"`
}

// Note visibilities.
const (
	NoteInternal  = "internal"
	NoteApplicant = "applicant"
)

// NoteVisibilities are every audience a note may have; the API's enum is checked against them.
var NoteVisibilities = []string{NoteInternal, NoteApplicant}

// NoteAdded is a remark on the case, internal or shown to the applicant.
type NoteAdded struct {
	Text       string    `json:"text"`
	Visibility string    `json:"visibility"`
	At         time.Time `json:"at"`
}

// Closed ends a violation case once its ruling is carried out.
type Closed struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

func (*Withdrawn) EventType() string        { return TypeWithdrawn }
func (*Cancelled) EventType() string        { return TypeCancelled }
func (*Reopened) EventType() string         { return TypeReopened }
func (*DeadlineExtended) EventType() string { return TypeDeadlineExtended }
func (*NoteAdded) EventType() string        { return TypeNoteAdded }
func (*Closed) EventType() string           { return TypeClosed }

func (e *Withdrawn) OccurredAt() time.Time        { return e.At }
func (e *Cancelled) OccurredAt() time.Time        { return e.At }
func (e *Reopened) OccurredAt() time.Time         { return e.At }
func (e *DeadlineExtended) OccurredAt() time.Time { return e.At }
func (e *NoteAdded) OccurredAt() time.Time        { return e.At }
func (e *Closed) OccurredAt() time.Time           { return e.At }

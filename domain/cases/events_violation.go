package cases

import "time"

// RulingKind is what a violation commission orders.
type RulingKind string

// The rulings of an Article 100 commission (domain.md §2.5); dismissed means no violation.
const (
	RulingFine        RulingKind = "fine"
	RulingDemolition  RulingKind = "demolition"
	RulingRestoration RulingKind = "restoration"
	RulingDismissed   RulingKind = "dismissed"
)

// RulingKinds are every ruling a commission may give; commands and the API's enum take them from here.
var RulingKinds = []RulingKind{RulingFine, RulingDemolition, RulingRestoration, RulingDismissed}

// Ruling is a commission's order; FineRials is set for fines only.
type Ruling struct {
	Kind      RulingKind `json:"kind"`
	FineRials int64      `json:"fine_rials,omitempty"`
	Summary   string     `json:"summary"`
}

// NoticeServed starts the owner's defence window, which ends on DefenceEndsAt's day.
type NoticeServed struct {
	Timing                  // moves the legal clock when the event changes whom the case waits on
	ServedOn      time.Time `json:"served_on"`
	DefenceEndsAt time.Time `json:"defence_ends_at"`
	At            time.Time `json:"at"`
}

// DefenceFiled is the owner's defence, received within the window.
type DefenceFiled struct {
	Timing              // moves the legal clock when the event changes whom the case waits on
	Statement string    `json:"statement"`
	FiledOn   time.Time `json:"filed_on"`
	At        time.Time `json:"at"`
}

// FirstInstanceRuled records the first-instance ruling, notified on NotifiedOn; the appeal
// window ends on AppealEndsAt's day.
type FirstInstanceRuled struct {
	Timing                 // moves the legal clock when the event changes whom the case waits on
	Ruling       Ruling    `json:"ruling"`
	NotifiedOn   time.Time `json:"notified_on"`
	AppealEndsAt time.Time `json:"appeal_ends_at"`
	At           time.Time `json:"at"`
}

// AppealFiled lodges an appeal within the window.
type AppealFiled struct {
	Timing            // moves the legal clock when the event changes whom the case waits on
	Grounds string    `json:"grounds"`
	FiledOn time.Time `json:"filed_on"`
	At      time.Time `json:"at"`
}

// AppealRuled is the appeal commission's final ruling, replacing the first one.
type AppealRuled struct {
	Timing           // moves the legal clock when the event changes whom the case waits on
	Ruling Ruling    `json:"ruling"`
	At     time.Time `json:"at"`
}

// EnforcementStarted carries out the final ruling: demolition, restoration or collection.
type EnforcementStarted struct {
	Timing           // moves the legal clock when the event changes whom the case waits on
	Action string    `json:"action"`
	At     time.Time `json:"at"`
}

func (*NoticeServed) EventType() string       { return TypeNoticeServed }
func (*DefenceFiled) EventType() string       { return TypeDefenceFiled }
func (*FirstInstanceRuled) EventType() string { return TypeFirstInstanceRuled }
func (*AppealFiled) EventType() string        { return TypeAppealFiled }
func (*AppealRuled) EventType() string        { return TypeAppealRuled }
func (*EnforcementStarted) EventType() string { return TypeEnforcementStarted }

func (e *NoticeServed) OccurredAt() time.Time       { return e.At }
func (e *DefenceFiled) OccurredAt() time.Time       { return e.At }
func (e *FirstInstanceRuled) OccurredAt() time.Time { return e.At }
func (e *AppealFiled) OccurredAt() time.Time        { return e.At }
func (e *AppealRuled) OccurredAt() time.Time        { return e.At }
func (e *EnforcementStarted) OccurredAt() time.Time { return e.At }

package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// ServeNotice records the day the owner was served, which starts the defence window.
type ServeNotice struct {
	ServedOn jalali.Instant `json:"served_on"`
	At       time.Time      `json:"-"`
}

// FileDefence records the owner's defence.
type FileDefence struct {
	Statement string         `json:"statement"`
	FiledOn   jalali.Instant `json:"filed_on"`
	At        time.Time      `json:"-"`
}

// RuleFirstInstance records the first-instance commission's ruling and when it was notified.
type RuleFirstInstance struct {
	Ruling     Ruling         `json:"ruling"`
	NotifiedOn jalali.Instant `json:"notified_on"`
	At         time.Time      `json:"-"`
}

// FileAppeal lodges an appeal against the first-instance ruling.
type FileAppeal struct {
	Grounds string         `json:"grounds"`
	FiledOn jalali.Instant `json:"filed_on"`
	At      time.Time      `json:"-"`
}

// RuleAppeal records the appeal commission's final ruling.
type RuleAppeal struct {
	Ruling Ruling    `json:"ruling"`
	At     time.Time `json:"-"`
}

// Enforce starts carrying out the final ruling.
type Enforce struct {
	Action string    `json:"action"` // demolition, restoration or collection
	At     time.Time `json:"-"`
}

// Validate checks the date.
func (c ServeNotice) Validate() error {
	var f fields
	f.date("served_on", c.ServedOn.Time)
	return f.Err()
}

// Validate checks statement and date.
func (c FileDefence) Validate() error {
	var f fields
	f.required("statement", c.Statement, "the defence statement")
	f.date("filed_on", c.FiledOn.Time)
	return f.Err()
}

// Validate checks the ruling and date.
func (c RuleFirstInstance) Validate() error {
	f := c.Ruling.check()
	f.date("notified_on", c.NotifiedOn.Time)
	return f.Err()
}

// Validate checks grounds and date.
func (c FileAppeal) Validate() error {
	var f fields
	f.required("grounds", c.Grounds, "the grounds of appeal")
	f.date("filed_on", c.FiledOn.Time)
	return f.Err()
}

// Validate checks the ruling.
func (c RuleAppeal) Validate() error {
	f := c.Ruling.check()
	return f.Err()
}

// Validate checks the action.
func (c Enforce) Validate() error {
	var f fields
	f.oneOf("action", c.Action, "demolition", "restoration", "collection")
	return f.Err()
}

// check validates a ruling: a known kind, a summary, and an amount exactly for fines.
func (r Ruling) check() fields {
	var f fields
	f.oneOf("ruling.kind", string(r.Kind), strs(RulingKinds)...)
	f.required("ruling.summary", r.Summary, "the ruling's summary")
	switch {
	case r.Kind == RulingFine && r.FineRials <= 0:
		f.Add("ruling.fine_rials", "positive", "a fine needs a positive amount")
	case r.Kind != RulingFine && r.FineRials != 0:
		f.Add("ruling.fine_rials", "not_allowed", "only a fine has an amount")
	}
	return f
}

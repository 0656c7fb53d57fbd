package cases

import (
	"strconv"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/billing"
)

// Value is one recorded value as auditors read it: Text holds words and numbers as recorded
// (amounts in rials, ASCII digits); At is set instead for a date or instant, which people read
// in Jalali and machines in UTC.
type Value struct {
	Text string    `json:"text,omitempty"`
	At   time.Time `json:"at,omitzero"`
}

// Fact is one thing an event states, under a stable snake_case key that timelines, the actor
// activity read model and exports share. Personal facts are the applicant's personal data: they
// are shown only where the case's history may be read, and never stored in read models.
type Fact struct {
	Key string `json:"key"`
	Value
	Personal bool `json:"personal,omitempty"`
}

// Factual is an event that states its own facts. Every event of the registry is one (a test
// checks), so no event is ever shown bare on a timeline, in an actor's activity or an export;
// a new event's Facts method may stand beside it, the older ones are below.
type Factual interface {
	Facts() []Fact
}

// FactsOf is the one rendering of an event's own facts; ok is false for an event that states
// none (one of another package).
func FactsOf(ev domain.Event) ([]Fact, bool) {
	f, ok := ev.(Factual)
	if !ok {
		return nil, false
	}
	return f.Facts(), true
}

// facts collects an event's facts, leaving out what it does not state.
type factList []Fact

func (f *factList) text(key, v string) *factList {
	if v != "" {
		*f = append(*f, Fact{Key: key, Value: Value{Text: v}})
	}
	return f
}

func (f *factList) personal(key, v string) *factList {
	if v != "" {
		*f = append(*f, Fact{Key: key, Value: Value{Text: v}, Personal: true})
	}
	return f
}

func (f *factList) num(key string, n int64) *factList {
	if n != 0 {
		f.text(key, strconv.FormatInt(n, 10))
	}
	return f
}

// flag states a yes/no fact either way: "no violation found" is a finding too.
func (f *factList) flag(key string, b bool) *factList { return f.text(key, strconv.FormatBool(b)) }

func (f *factList) at(key string, t time.Time) *factList {
	if !t.IsZero() {
		*f = append(*f, Fact{Key: key, Value: Value{At: t.UTC()}})
	}
	return f
}

// bill states the bill and payment IDs banks take, when there is a bill.
func (f *factList) bill(b *billing.Bill) *factList {
	if b != nil {
		f.text("bill_id", b.BillID).text("payment_id", b.PaymentID)
	}
	return f
}

func (f *factList) ruling(r Ruling) *factList {
	return f.text("ruling", string(r.Kind)).num("fine_rials", r.FineRials).text("ruling_summary", r.Summary)
}

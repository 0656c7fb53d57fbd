package httpapi

import (
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/eventstore"
)

// moment is an instant as people and machines read it: Tehran's day and clock in Persian
// digits, and UTC.
type moment struct {
	UTC    time.Time `json:"utc"`
	Jalali string    `json:"jalali"`
}

func momentOf(t time.Time) moment {
	return moment{UTC: t.UTC(), Jalali: jalali.FormatTime(t, jalali.Persian)}
}

// valueView is a recorded value: text as recorded, or a moment.
type valueView struct {
	Text string  `json:"text,omitempty"`
	At   *moment `json:"at,omitempty"`
}

func valueOf(v cases.Value) valueView {
	if v.At.IsZero() {
		return valueView{Text: v.Text}
	}
	m := momentOf(v.At)
	return valueView{At: &m}
}

// factView is one of an event's own facts (cases.FactsOf), named for people by its label.
type factView struct {
	Key   string         `json:"key"`
	Label lifecycle.Text `json:"label"`
	valueView
}

// changeView is one case field an event changed (cases.Changes).
type changeView struct {
	Field  string         `json:"field"`
	Label  lifecycle.Text `json:"label"`
	Before valueView      `json:"before"`
	After  valueView      `json:"after"`
}

// labelOf names a fact key or field for people; a test keeps every key labelled, so the key
// itself stands in only for a stored key this build no longer states.
func labelOf(key string) lifecycle.Text {
	if l, ok := cases.Label(key); ok {
		return l
	}
	return lifecycle.Text{Fa: key, En: key}
}

// staffRef is who recorded an event: their id and role from its metadata, and their
// department from the staff roster (none for applicants and systems).
type staffRef struct {
	ID         string `json:"id"`
	Role       string `json:"role"`
	Department string `json:"department,omitempty"`
}

func staffRefOf(m eventstore.Metadata) staffRef {
	member, _ := catalogue.StaffMember(m.ActorID)
	return staffRef{ID: m.ActorID, Role: m.ActorRole, Department: member.Department}
}

func factViews(facts []cases.Fact) []factView {
	out := make([]factView, len(facts))
	for i, f := range facts {
		out[i] = factView{Key: f.Key, Label: labelOf(f.Key), valueView: valueOf(f.Value)}
	}
	return out
}

// trailEntry is one event of a case as an inspector, a court or a commission reads it: who,
// when (Jalali and UTC), what the event states and what it changed in the case.
type trailEntry struct {
	EventID      uuid.UUID    `json:"event_id"`
	Stream       string       `json:"stream"`   // the case's, or its plot's for a hold
	Revision     uint64       `json:"revision"` // in Stream
	Type         string       `json:"type"`
	Time         time.Time    `json:"time"`
	At           moment       `json:"at"`
	Actor        staffRef     `json:"actor"`
	Reason       string       `json:"reason,omitempty"`
	StatusBefore cases.Status `json:"status_before"`
	StatusAfter  cases.Status `json:"status_after"`
	Facts        []factView   `json:"facts"`
	Changes      []changeView `json:"changes"`
	// Transparency places the event in the signed log (exports only; absent until a checkpoint
	// covers it).
	Transparency *leafRef `json:"transparency,omitempty"`
}

// leafRef is where the event sits in the transparency log and how to fetch its proof.
type leafRef struct {
	LeafIndex uint64 `json:"leaf_index"`
	TreeSize  uint64 `json:"tree_size"`
	LeafHash  []byte `json:"leaf_hash"`
	ProofURL  string `json:"proof_url"`
}

// trailEntryOf renders one replayed event; every event type has its facts (cases.FactsOf).
func trailEntryOf(r eventstore.RecordedEvent, ev domain.Event, before, after cases.State) trailEntry {
	facts, _ := cases.FactsOf(ev)
	at := recordedAt(r)
	return trailEntry{EventID: r.ID, Stream: r.Stream, Revision: r.Revision, Type: r.Type, Time: at, At: momentOf(at),
		Actor: staffRefOf(r.Metadata), Reason: reasonOf(r.Data), StatusBefore: before.Status, StatusAfter: after.Status,
		Facts: factViews(facts), Changes: changeViews(cases.Changes(before, after))}
}

func changeViews(changes []cases.Change) []changeView {
	out := make([]changeView, len(changes))
	for i, ch := range changes {
		out[i] = changeView{Field: ch.Field, Label: labelOf(ch.Field), Before: valueOf(ch.Before), After: valueOf(ch.After)}
	}
	return out
}

// Package caseevent decodes stored case and plot-hold events for the read models, so each
// projection handles domain events and maps unknown types to projector.ErrUnknownEvent the
// same way.
package caseevent

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Event is a stored event decoded: the domain event, the case it concerns and when it happened
// in the domain (its OccurredAt, not the time the store stamped).
type Event struct {
	domain.Event
	CaseID   uuid.UUID
	Revision int64 // the event's revision in its own stream
	At       time.Time
}

// Decoder turns recorded events into Events.
type Decoder struct{ reg *domain.Registry }

// NewDecoder knows every case and plot-hold event type.
func NewDecoder() (*Decoder, error) {
	reg, err := cases.Registry()
	return &Decoder{reg: reg}, err
}

// Filter selects the streams the read models read: cases and plot holds.
func Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix, cases.PlotStreamPrefix}}
}

// CaseFilter selects case streams only, for read models with no use for plot holds.
func CaseFilter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}
}

// Decode decodes rec; an event type it does not know is projector.ErrUnknownEvent. Events
// are immutable, so one decoded recently for another read model is handed out again.
func (d *Decoder) Decode(rec eventstore.RecordedEvent) (Event, error) {
	if e, ok := decoded.get(rec.ID); ok && e.Revision == int64(rec.Revision) {
		return e, nil
	}
	e, err := d.decode(rec)
	if err == nil && rec.ID != uuid.Nil {
		decoded.put(rec.ID, e)
	}
	return e, err
}

// unmarshal is json.Unmarshal in the two-argument form DecodeWith takes.
func unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func (d *Decoder) decode(rec eventstore.RecordedEvent) (Event, error) {
	// json/v2's own rules decode what the domain encoded (exact names, nothing v1 alone would
	// accept) 30 % faster than its v1-compatible mode.
	ev, err := d.reg.DecodeWith(rec.Type, rec.Data, unmarshal)
	var unknown *domain.UnknownEventError
	if errors.As(err, &unknown) {
		return Event{}, projector.ErrUnknownEvent
	}
	if err != nil {
		return Event{}, fmt.Errorf("%s revision %d: %w", rec.Stream, rec.Revision, err)
	}
	out := Event{Event: ev, Revision: int64(rec.Revision), At: ev.OccurredAt()}
	var plot bool
	if out.CaseID, plot = cases.PlotEventCase(ev); !plot {
		id, ok := strings.CutPrefix(rec.Stream, cases.StreamPrefix)
		if !ok {
			id, ok = strings.CutPrefix(rec.Stream, cases.AccessStreamPrefix)
		}
		if out.CaseID, err = uuid.Parse(id); !ok || err != nil {
			return Event{}, fmt.Errorf("stream %q is not a case stream", rec.Stream)
		}
	}
	return out, nil
}

// Day is the Tehran calendar day of t, as a date at UTC midnight (what a SQL date column holds).
func Day(t time.Time) time.Time {
	l := t.In(jalali.Tehran())
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// Month is the Jalali month of t, "1405/03": dashboards count months as the city does.
func Month(t time.Time) string {
	d := jalali.FromTime(t)
	return fmt.Sprintf("%04d/%02d", d.Year, d.Month)
}

// Batch is a batch of events decoded for a read model's HandleBatch.
type Batch struct {
	Events  []Event
	Records []*eventstore.RecordedEvent // the stored event behind each of Events
	Unknown int                         // events of types the decoder does not know
}

// DecodeBatch decodes the events a read model knows, counting the others; it fails on the
// first event it cannot decode.
func (d *Decoder) DecodeBatch(events []eventstore.RecordedEvent) (Batch, error) {
	b := Batch{Events: make([]Event, 0, len(events)), Records: make([]*eventstore.RecordedEvent, 0, len(events))}
	for i := range events {
		rec := &events[i]
		e, err := d.Decode(*rec)
		if errors.Is(err, projector.ErrUnknownEvent) {
			b.Unknown++
			continue
		}
		if err != nil {
			return b, err
		}
		b.Events, b.Records = append(b.Events, e), append(b.Records, rec)
	}
	return b, nil
}

// Started is the set of cases whose streams begin in the batch (their revision 0 is in it): no
// read model can hold a row for them from an earlier batch, so there is none to look up.
func (b Batch) Started() map[uuid.UUID]bool {
	started := make(map[uuid.UUID]bool)
	for i, e := range b.Events {
		if e.Revision == 0 && strings.HasPrefix(b.Records[i].Stream, cases.StreamPrefix) {
			started[e.CaseID] = true
		}
	}
	return started
}

// Only is the batch's events (with their records) that keep says a read model acts on; the
// others cost that read model no lookup and no write.
func (b Batch) Only(keep func(domain.Event) bool) Batch {
	out := Batch{Unknown: b.Unknown}
	for i, e := range b.Events {
		if keep(e.Event) {
			out.Events, out.Records = append(out.Events, e), append(out.Records, b.Records[i])
		}
	}
	return out
}

// CaseIDs are the cases the batch touches, in order, with repeats.
func (b Batch) CaseIDs() []uuid.UUID {
	ids := make([]uuid.UUID, len(b.Events))
	for i, e := range b.Events {
		ids[i] = e.CaseID
	}
	return ids
}

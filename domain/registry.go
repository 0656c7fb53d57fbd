package domain

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Event is a fact that happened. Its EventType is an explicit, versioned, stable name such as
// "case.Submitted.v1" — never a reflected Go type name, so renaming Go code never breaks history.
// OccurredAt is when it happened in the domain (not when the store wrote it), so the clock and
// the read models read an event's time without knowing its Go type.
type Event interface {
	EventType() string
	OccurredAt() time.Time
}

// Registry maps stored event names back to Go values. It refuses duplicate names, so two event
// types can never silently share a name.
type Registry struct {
	factories map[string]func() Event
}

// NewRegistry returns a registry holding the given event factories, or an error on a duplicate.
func NewRegistry(factories ...func() Event) (*Registry, error) {
	r := &Registry{factories: map[string]func() Event{}}
	for _, f := range factories {
		if err := r.register(f); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// register adds one event factory; the name comes from the value the factory makes. It is
// not exported: a registry never changes once made, so callers may share one.
func (r *Registry) register(factory func() Event) error {
	name := factory().EventType()
	if name == "" {
		return fmt.Errorf("event registry: %T has an empty event type", factory())
	}
	if _, dup := r.factories[name]; dup {
		return fmt.Errorf("event registry: duplicate event type %q", name)
	}
	r.factories[name] = factory
	return nil
}

// Decode turns stored data back into the event registered under name.
func (r *Registry) Decode(name string, data []byte) (Event, error) {
	return r.DecodeWith(name, data, json.Unmarshal)
}

// DecodeWith is Decode with another JSON decoder of encoding/json's semantics: read models
// replaying the whole log decode with a faster one, which the domain does not import.
func (r *Registry) DecodeWith(name string, data []byte, unmarshal func([]byte, any) error) (Event, error) {
	f, ok := r.factories[name]
	if !ok {
		return nil, &UnknownEventError{Type: name}
	}
	// Factories return pointers, so Unmarshal can fill them; the value is handed back as made.
	ev := f()
	if err := unmarshal(data, ev); err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return ev, nil
}

// Types lists the registered names in order, for documentation and tests.
func (r *Registry) Types() []string {
	out := make([]string, 0, len(r.factories))
	for n := range r.factories {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// UnknownEventError says a stored event has a name this build does not know.
type UnknownEventError struct{ Type string }

func (e *UnknownEventError) Error() string { return fmt.Sprintf("unknown event type %q", e.Type) }

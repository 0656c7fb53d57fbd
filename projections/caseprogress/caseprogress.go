// Package caseprogress keeps a case's domain Progress in a read-model row: the row stores it as
// JSON and folds it with cases.Progress.Evolve, the aggregate's own rule, so status, whom the
// case waits on and its due date are never re-derived per event type by a read model.
package caseprogress

import (
	"encoding/json"
	"fmt"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Column is a row's progress: its stored JSON is decoded once per loaded row, folded in
// memory, and encoded once when the row is saved (casetable.Settler), not once per event.
type Column struct {
	decoded *cases.Progress
}

// Evolve folds ev into the progress whose stored JSON is raw and returns the new progress.
func (c *Column) Evolve(raw json.RawMessage, ev domain.Event) (cases.Progress, error) {
	if c.decoded == nil {
		c.decoded = new(cases.Progress)
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, c.decoded); err != nil {
				return cases.Progress{}, fmt.Errorf("caseprogress: %w", err)
			}
		}
	}
	*c.decoded = c.decoded.Evolve(ev)
	return *c.decoded, nil
}

// Encode is the JSON to store: the folded progress, or raw when nothing was folded.
func (c *Column) Encode(raw json.RawMessage) (json.RawMessage, error) {
	if c.decoded == nil {
		return raw, nil
	}
	return json.Marshal(c.decoded)
}

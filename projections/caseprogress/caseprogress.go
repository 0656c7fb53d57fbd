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

// Column is a row's progress column and its decoded value, decoded once per loaded row.
// A row type gives it a field `db:"progress"` of type json.RawMessage and passes it in.
type Column struct {
	decoded *cases.Progress
}

// Evolve folds ev into the progress stored in raw and returns the new progress and its JSON.
func (c *Column) Evolve(raw json.RawMessage, ev domain.Event) (cases.Progress, json.RawMessage, error) {
	if c.decoded == nil {
		c.decoded = new(cases.Progress)
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, c.decoded); err != nil {
				return cases.Progress{}, raw, fmt.Errorf("caseprogress: %w", err)
			}
		}
	}
	*c.decoded = c.decoded.Evolve(ev)
	out, err := json.Marshal(c.decoded)
	return *c.decoded, out, err
}

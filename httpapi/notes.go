package httpapi

import (
	"encoding/json"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// withoutInternalNotes drops the staff's internal notes from a case's events: applicants read
// their own history, not the office's.
func withoutInternalNotes(recs []eventstore.RecordedEvent) []eventstore.RecordedEvent {
	out := make([]eventstore.RecordedEvent, 0, len(recs))
	for _, r := range recs {
		if r.Type == cases.TypeNoteAdded {
			var note struct {
				Visibility string `json:"visibility"`
			}
			if err := json.Unmarshal(r.Data, &note); err != nil || note.Visibility != cases.NoteApplicant {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

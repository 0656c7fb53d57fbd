package httpapi

import (
	"encoding/json"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// visibleHistory drops the staff's internal notes from a case's events unless the caller may
// read them (access.ViewInternalNotes): applicants read their own history, not the office's.
func (s *Server) visibleHistory(c *gin.Context, recs []eventstore.RecordedEvent) ([]eventstore.RecordedEvent, error) {
	target, err := s.cfg.Cases.TargetOf(recs)
	if err != nil {
		return nil, err
	}
	if s.authorize(c, access.ViewInternalNotes, target) == nil {
		return recs, nil
	}
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
	return out, nil
}

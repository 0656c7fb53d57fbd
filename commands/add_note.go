package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// AddNote adds an internal or applicant-visible note.
func (h *Cases) AddNote(ctx context.Context, id uuid.UUID, cmd cases.AddNote, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// ProvideDocuments answers a document request; the clock resumes and the due date moves by the paused working days.
func (h *Cases) ProvideDocuments(ctx context.Context, id uuid.UUID, cmd cases.ProvideDocuments, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

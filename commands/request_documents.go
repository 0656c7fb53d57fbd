package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RequestDocuments returns the file to the applicant for specific missing or replacement documents; the case's clock pauses until they answer.
func (h *Cases) RequestDocuments(ctx context.Context, id uuid.UUID, cmd cases.RequestDocuments, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

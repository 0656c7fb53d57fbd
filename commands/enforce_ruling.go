package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Enforce starts carrying out a final violation ruling.
func (h *Cases) Enforce(ctx context.Context, id uuid.UUID, cmd cases.Enforce, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

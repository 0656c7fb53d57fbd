package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Assign gives the case to a clerk or a department.
func (h *Cases) Assign(ctx context.Context, id uuid.UUID, cmd cases.Assign, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

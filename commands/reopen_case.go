package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Reopen brings a closed case back, with a reason.
func (h *Cases) Reopen(ctx context.Context, id uuid.UUID, cmd cases.Reopen, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

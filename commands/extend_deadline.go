package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// ExtendDeadline grants the case extra working days, with a reason.
func (h *Cases) ExtendDeadline(ctx context.Context, id uuid.UUID, cmd cases.ExtendDeadline, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

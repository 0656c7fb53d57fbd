package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// WaiveFee forgives what the case still owes, for a stated reason.
func (h *Cases) WaiveFee(ctx context.Context, id uuid.UUID, cmd cases.WaiveFee, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RuleFirstInstance records the first-instance commission's ruling, starting the appeal window.
func (h *Cases) RuleFirstInstance(ctx context.Context, id uuid.UUID, cmd cases.RuleFirstInstance, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

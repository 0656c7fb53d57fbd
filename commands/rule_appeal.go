package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RuleAppeal records the appeal commission's final ruling.
func (h *Cases) RuleAppeal(ctx context.Context, id uuid.UUID, cmd cases.RuleAppeal, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

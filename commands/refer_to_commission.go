package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// ReferToCommission sends an application to the Article 100 or Article 5 commission.
func (h *Cases) ReferToCommission(ctx context.Context, id uuid.UUID, cmd cases.ReferToCommission, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Renew extends an issued document by its service's validity.
func (h *Cases) Renew(ctx context.Context, id uuid.UUID, cmd cases.Renew, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

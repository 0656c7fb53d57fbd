package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// FileDefence records the owner's defence within the window.
func (h *Cases) FileDefence(ctx context.Context, id uuid.UUID, cmd cases.FileDefence, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

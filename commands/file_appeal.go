package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// FileAppeal lodges an appeal within the window.
func (h *Cases) FileAppeal(ctx context.Context, id uuid.UUID, cmd cases.FileAppeal, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Cancel lets staff end a case, with a reason.
func (h *Cases) Cancel(ctx context.Context, id uuid.UUID, cmd cases.Cancel, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Close ends a violation case once its ruling is carried out and paid.
func (h *Cases) Close(ctx context.Context, id uuid.UUID, cmd cases.Close, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

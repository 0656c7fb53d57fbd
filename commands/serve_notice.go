package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// ServeNotice records the day a violation notice was served, starting the defence window.
func (h *Cases) ServeNotice(ctx context.Context, id uuid.UUID, cmd cases.ServeNotice, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

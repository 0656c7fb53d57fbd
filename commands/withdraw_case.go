package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Withdraw lets the applicant give up the application.
func (h *Cases) Withdraw(ctx context.Context, id uuid.UUID, cmd cases.Withdraw, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RecordPayment records one payment or instalment against what the case owes.
func (h *Cases) RecordPayment(ctx context.Context, id uuid.UUID, cmd cases.RecordPayment, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

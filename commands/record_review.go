package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RecordReview files the engineering review.
func (h *Cases) RecordReview(ctx context.Context, id uuid.UUID, cmd cases.RecordReview, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

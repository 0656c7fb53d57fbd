package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// AcceptIntake accepts a submitted case's file as complete.
func (h *Cases) AcceptIntake(ctx context.Context, id uuid.UUID, note string, actor Actor, ifMatch *uint64) (Result, error) {
	return h.execute(ctx, id, fixed(cases.AcceptIntake{Note: note, At: h.now()}), actor, ifMatch)
}

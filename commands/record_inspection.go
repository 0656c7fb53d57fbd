package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RecordInspection files the inspector's findings, measured area and whether a violation was found.
func (h *Cases) RecordInspection(ctx context.Context, id uuid.UUID, cmd cases.RecordInspection, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// ScheduleInspection books the site visit.
func (h *Cases) ScheduleInspection(ctx context.Context, id uuid.UUID, cmd cases.ScheduleInspection, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

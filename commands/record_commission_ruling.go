package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RecordCommissionRuling brings the commission's verdict back to the application.
func (h *Cases) RecordCommissionRuling(ctx context.Context, id uuid.UUID, cmd cases.RecordCommissionRuling, actor Actor, ifMatch *uint64) (Result, error) {
	cmd.At = h.now()
	return h.execute(ctx, id, fixed(cmd), actor, ifMatch)
}

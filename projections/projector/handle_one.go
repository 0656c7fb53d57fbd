package projector

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// HandleOne is Handle for a read model that folds whole batches: the event as a batch of one,
// so the per-event path the runtime falls back on to find a poison event gives exactly what
// the batch path gives.
func HandleOne(ctx context.Context, tx pgx.Tx, h BatchHandler, rec eventstore.RecordedEvent) error {
	unknown, err := h.HandleBatch(ctx, tx, []eventstore.RecordedEvent{rec})
	if err == nil && unknown > 0 {
		return ErrUnknownEvent
	}
	return err
}

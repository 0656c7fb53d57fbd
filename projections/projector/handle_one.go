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

// HandleStaged is HandleBatch for a Stager: a stage of one batch, added and flushed.
func HandleStaged(ctx context.Context, tx pgx.Tx, st Stage, events []eventstore.RecordedEvent) (unknown int, err error) {
	if unknown, err = st.Add(ctx, tx, events); err != nil {
		return unknown, err
	}
	return unknown, st.Flush(ctx, tx)
}

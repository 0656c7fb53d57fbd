package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// downloadAttempts bounds retries when other commands move the case while a read is recorded.
const downloadAttempts = 3

// RecordDownload records that actor read one of the case's files. A read depends on nothing
// that changes, so a concurrent change to the case is retried instead of reported.
func (h *Cases) RecordDownload(ctx context.Context, id, documentID uuid.UUID, actor Actor) (res Result, err error) {
	for range downloadAttempts {
		res, err = h.execute(ctx, id, fixed(cases.RecordDownload{DocumentID: documentID, At: h.now()}), actor, nil)
		if domain.CodeOf(err) != domain.CodeConflict {
			break
		}
	}
	return res, err
}

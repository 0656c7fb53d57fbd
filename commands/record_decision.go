package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// RecordDecision approves or rejects a case in review.
type RecordDecision struct {
	Outcome    cases.Outcome
	Reasons    []string
	LegalBasis string
}

// Decide records the decision on case id.
func (h *Cases) Decide(ctx context.Context, id uuid.UUID, cmd RecordDecision, actor Actor, ifMatch *uint64) (Result, error) {
	return h.execute(ctx, id, fixed(cases.RecordDecision{Outcome: cmd.Outcome, Reasons: cmd.Reasons,
		LegalBasis: cmd.LegalBasis, At: h.now()}), actor, ifMatch)
}

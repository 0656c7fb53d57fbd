package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Run runs a command of the Actions table on case id: it is dated now, completed by its row
// and then loaded, validated, authorized, checked against ifMatch, decided and appended by
// execute, so every command on a case passes the same steps.
func (h *Cases) Run(ctx context.Context, id uuid.UUID, cmd cases.Received, actor Actor, ifMatch *uint64) (Result, error) {
	a, ok := actionFor(cmd)
	if !ok {
		return Result{}, domain.Errorf(domain.CodeInternal, "command %T has no row in commands.Actions", cmd)
	}
	return h.execute(ctx, id, fixed(a.prepare(cmd.ReceivedAt(h.now()))), actor, ifMatch)
}

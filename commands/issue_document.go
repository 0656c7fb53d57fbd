package commands

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Issue hands out the case's certificate or permit. It reads the holds on the case's plot
// first, so an open hold (an Article 100 case on the same plot) blocks issuance; the number is
// "<jalali year>-<case id prefix>" and the public verification code a fresh id (the same in
// every attempt of a retried request).
func (h *Cases) Issue(ctx context.Context, id uuid.UUID, actor Actor, ifMatch *uint64) (Result, error) {
	return h.execute(ctx, id, func(ctx context.Context, s cases.State) (cases.Command, error) {
		holds, err := h.plotHolds(ctx, s)
		if err != nil {
			return nil, err
		}
		at := h.now()
		number := jalali.FromTime(at).String()[:4] + "-" + strings.ToUpper(id.String()[:8])
		return cases.Issue{Number: number, VerificationCode: strings.ReplaceAll(h.ids(ctx).derive("verification-code").String(), "-", "")[:12],
			PlotHolds: holds, At: at}, nil
	}, actor, ifMatch)
}

package commands

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Issue hands out the case's certificate or permit. It reads the holds on the case's plot
// first, so a hold (an open Article 100 case on the same plot, under the catalogue's plot
// rules, or one placed by hand) blocks issuance; the number is "<jalali year>-<case id prefix>"
// and the public verification code a fresh id (the same in every attempt of a retried request). When a hold placed meanwhile moves the
// plot, the issuance is decided again against it. zoning is what a land-use reply states, nil
// for documents that state none.
func (h *Cases) Issue(ctx context.Context, id uuid.UUID, zoning *cases.Zoning, actor Actor, ifMatch *uint64) (Result, error) {
	var blocker *cases.PlotHold
	res, err := retryOnPlot(func() (Result, error) {
		return h.execute(ctx, id, func(ctx context.Context, s cases.State) (cases.Command, error) {
			blocker = nil
			holds, rev, err := h.plotHolds(ctx, s)
			if err != nil {
				return nil, err
			}
			if hold, held := holds.Blocking(s.Service); held {
				blocker = &hold
			}
			at := h.now()
			number := jalali.FromTime(at).String()[:4] + "-" + strings.ToUpper(id.String()[:8])
			return cases.Issue{Zoning: zoning, Number: number, VerificationCode: strings.ReplaceAll(h.ids(ctx).derive("verification-code").String(), "-", "")[:12],
				PlotHolds: holds, PlotRevision: rev, At: at}, nil
		}, actor, ifMatch)
	})
	return res, h.nameBlocker(ctx, err, blocker, actor)
}

// nameBlocker adds the blocking case's id to a refusal by a plot hold when the caller may see
// that case; to anyone else the plot's other cases stay unnamed.
func (h *Cases) nameBlocker(ctx context.Context, err error, blocker *cases.PlotHold, actor Actor) error {
	var de *domain.Error
	if blocker == nil || !errors.As(err, &de) || de.Code != domain.CodeRuleViolated || de.Rule != blocker.RefusalRule() {
		return err
	}
	c, loadErr := h.load(ctx, blocker.CaseID)
	if loadErr != nil {
		return err
	}
	target, tErr := h.target(c.state, c.who)
	if tErr != nil || (h.authorizing && access.Authorize(actor.Principal, access.ViewCase, target) != nil) {
		return err
	}
	return &domain.Error{Code: de.Code, Rule: de.Rule, Message: de.Message + ": case " + blocker.CaseID.String()}
}

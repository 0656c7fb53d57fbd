package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// AppendInTx runs an append inside tx, which the test commits when it chooses: the seam for
// holding an append's transaction open while others commit.
func AppendInTx(ctx context.Context, tx pgx.Tx, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	p, err := newPending(ctx, stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	writeBatch(ctx, tx, []*pending{p})
	return p.res, p.err
}

// Read queries and sample arguments, for checking their plans.
var (
	PageSQL     = pageSQL
	SafeHeadSQL = safeHeadSQL
	HeadSQL     = headSQL
	CountSQL    = countSQL
	PageArgs    = append(afterArgs(eventstore.Position{Commit: 1}, eventstore.Filter{StreamPrefixes: []string{"case-"}}), 500)
	CountArgs   = afterArgs(eventstore.Position{Commit: 1}, eventstore.Filter{})
)

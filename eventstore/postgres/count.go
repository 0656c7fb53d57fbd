package postgres

import (
	"context"

	"github.com/shafaf-city/shafaf/eventstore"
)

const countSQL = "SELECT count(*) FROM events " + afterWhere

// CountAfter counts the committed events after `after` that filter matches, without reading
// them: the projector's status shows it as lag in events and a rebuild's progress as its
// total (the optional projector.Counter capability).
func (s *Store) CountAfter(ctx context.Context, after eventstore.Position, filter eventstore.Filter) (uint64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, countSQL, afterArgs(after, filter)...).Scan(&n); err != nil {
		return 0, unavailable("count", err)
	}
	return uint64(n), nil
}

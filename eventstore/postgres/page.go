package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// page is one read of the log in (tx_id, seq) order.
type page struct {
	events []eventstore.RecordedEvent
	// scanned, when not zero, is the newest safe position the read covered: every event up to
	// it that matches the filter is in events. A filtered subscription moves on to it, so its
	// next read does not walk again over events that did not match.
	scanned eventstore.Position
}

const pageSQL = "SELECT " + columns + ", tx_id < pg_snapshot_xmin(pg_current_snapshot()) FROM events " +
	"WHERE (tx_id, seq) > ($1::text::xid8, $2) " +
	"AND (cardinality($3::text[]) = 0 OR stream LIKE ANY ($3)) " +
	"AND (cardinality($4::text[]) = 0 OR type LIKE ANY ($4)) " +
	"ORDER BY tx_id, seq LIMIT $5"

const safeHeadSQL = "SELECT tx_id::text::bigint, seq FROM events " +
	"WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx_id DESC, seq DESC LIMIT 1"

// readSafe reads a page, retried with backoff while committed events are held back by older
// transactions (see ReadAll), for at most maxHold. With scan it also finds page.scanned.
func (s *Store) readSafe(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int, scan bool) (page, error) {
	deadline := time.Now().Add(s.maxHold)
	pause := time.Millisecond
	for {
		p, held, err := s.readPage(ctx, after, filter, limit, scan)
		if err != nil || !held || time.Now().After(deadline) {
			return p, err
		}
		select {
		case <-ctx.Done():
			return page{}, ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, 50*time.Millisecond)
	}
}

func (s *Store) readPage(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int, scan bool) (p page, held bool, err error) {
	args := []any{strconv.FormatUint(after.Commit, 10), int64(after.Prepare),
		likePrefixes(filter.StreamPrefixes), likePrefixes(filter.EventTypePrefixes), limit}
	if !scan {
		rows, err := s.pool.Query(ctx, pageSQL, args...)
		if err != nil {
			return page{}, false, err
		}
		p.events, held, err = scanEvents(rows)
		return p, held, err
	}
	// One snapshot for the page and the head, so nothing can commit unseen between them.
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, pageSQL, args...)
		if err != nil {
			return err
		}
		if p.events, held, err = scanEvents(rows); err != nil || held || len(p.events) == limit {
			return err
		}
		err = tx.QueryRow(ctx, safeHeadSQL).Scan(&p.scanned.Commit, &p.scanned.Prepare)
		if isNoRows(err) {
			return nil
		}
		return err
	})
	return p, held, err
}

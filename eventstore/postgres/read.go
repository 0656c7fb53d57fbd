package postgres

import (
	"context"
	"errors"
	"slices"
	"strings"

	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// tx_id scans straight into Position.Commit: pgx reads xid8 as a uint64.
const columns = "tx_id, seq, stream, revision, event_id, type, data, metadata, recorded_at"

// ReadStream returns stream's events from revision from on.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	if limit <= 0 {
		limit = -1 // LIMIT NULL: all
	}
	rows, err := s.pool.Query(ctx, "SELECT "+columns+", true FROM events WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT NULLIF($3, -1)",
		stream, int64(from), limit)
	if err != nil {
		return nil, unavailable("read "+stream, err)
	}
	evs, _, err := scanEvents(rows, 0)
	if err != nil {
		return nil, unavailable("read "+stream, err)
	}
	if len(evs) > 0 {
		return evs, nil
	}
	if from == 0 {
		// The query's own snapshot says the stream has no events: asking again in another
		// statement could find it created since and answer an existing stream with no events.
		return nil, &eventstore.StreamNotFoundError{Stream: stream}
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE stream = $1)", stream).Scan(&exists); err != nil {
		return nil, unavailable("read "+stream, err)
	}
	if !exists {
		return nil, &eventstore.StreamNotFoundError{Stream: stream}
	}
	return evs, nil
}

// ReadAll returns events after `after` in (tx_id, seq) order.
//
// An event is handed out only when every transaction that could still add an event before it
// has ended: its tx_id is below the xmin of the reading snapshot. Otherwise a transaction that
// took its id earlier but commits later would insert behind a position a reader already
// passed, and the reader would never see it. When committed events are held back that way,
// ReadAll waits for the older transactions (appends take milliseconds), so a reader sees its
// own appends; after maxHold (5 s) it returns what is safe and the rest comes later.
//
// Every transaction holding an id on the server counts, in any database: a long writing
// transaction (a read model rebuilt in one transaction, CREATE DATABASE under load) holds back
// all readers until it ends, so such work must commit in batches.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int) ([]eventstore.RecordedEvent, error) {
	if limit <= 0 {
		limit = s.batchSize
	}
	p, err := s.readSafe(ctx, after, filter, limit, 0, false)
	if err != nil {
		return nil, unavailable("read all", err)
	}
	return p.events, nil
}

// scanEvents reads rows whose last column says whether the event is safe to hand out; it
// stops at the first unsafe one and reports whether there was one. The slice starts with room
// for size rows (0: unknown), since growing it row by row was a catch-up's largest source of
// garbage, and a page well short of that is copied into a slice of its own length: readers
// keep pages (eventstore/fanout buffers what it reads), and a live read of one event in room
// for 500 held 100 KB.
func scanEvents(rows pgx.Rows, size int) (evs []eventstore.RecordedEvent, held bool, err error) {
	defer rows.Close()
	evs = make([]eventstore.RecordedEvent, 0, size)
	defer func() {
		if len(evs) < cap(evs)/2 {
			evs = slices.Clip(slices.Clone(evs))
		}
	}()
	// One set of scan targets for all rows: handing rows.Scan fresh pointers for each row moved
	// every event, and the argument list, to the heap first.
	var (
		e        eventstore.RecordedEvent
		revision int64
		meta     []byte
		safe     bool
	)
	// Data as a plain []byte: scanned as json.RawMessage, pgx would run json.Unmarshal over
	// text PostgreSQL has already validated, which was half the reader's CPU. pgx gives each
	// row's bytes and strings storage of their own.
	dest := []any{&e.Position.Commit, &e.Position.Prepare, &e.Stream, &revision, &e.ID, &e.Type,
		(*[]byte)(&e.Data), &meta, &e.RecordedAt, &safe}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, false, err
		}
		if !safe {
			return evs, true, nil
		}
		// Unmarshal keeps what the JSON does not mention.
		e.Metadata = eventstore.Metadata{}
		if err := jsonv1.Unmarshal(meta, &e.Metadata); err != nil { // encoding/json's rules, twice as fast
			return nil, false, err
		}
		e.RecordedAt = e.Metadata.RecordedTime(e.RecordedAt)
		e.Revision = uint64(revision)
		evs = append(evs, e)
	}
	return evs, false, rows.Err()
}

// likeEscape makes a string match itself literally in a LIKE pattern.
var likeEscape = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likePrefixes turns prefixes into LIKE patterns that match them literally.
func likePrefixes(prefixes []string) []string {
	out := make([]string, 0, len(prefixes))
	for _, p := range prefixes {
		out = append(out, likeEscape.Replace(p)+"%")
	}
	return out
}

func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shafaf-city/shafaf/eventstore"
)

// querier is what an append runs on: the pool, or in tests a transaction held open.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Append writes events to stream in one round trip through the eventstore_append function.
//
// The function asks for its transaction id before the INSERT draws sequence numbers, so the
// (tx_id, seq) pair handed out as the position names one transaction and its rows in the order
// they were written. Readers order by tx_id first and stop below the oldest running
// transaction (read.go), which makes the order safe however seq values interleave between
// transactions.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if len(events) == 0 {
		return eventstore.AppendResult{}, errors.New("eventstore/postgres: append of no events")
	}
	args, err := appendArgs(stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	res, err := appendOnce(ctx, s.pool, stream, expected, args, false)
	// One of our revisions was taken by a concurrent append that has committed by now, or one
	// of our ids exists: ask again, looking the ids up first, and the function reports the
	// conflict or recognises a retry.
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		res, err = appendOnce(ctx, s.pool, stream, expected, args, true)
	}
	if err == nil {
		s.listener.broadcast() // this store's subscribers need no round trip
		s.notifier.poke()      // other stores' subscribers do
	}
	return res, err
}

func appendOnce(ctx context.Context, q querier, stream string, expected eventstore.ExpectedRevision, args []any, idsFirst bool) (eventstore.AppendResult, error) {
	var (
		conflict bool
		actual   int64
		res      eventstore.AppendResult
	)
	err := q.QueryRow(ctx, "SELECT conflict, actual, coalesce(commit_pos, 0), coalesce(prepare_pos, 0), coalesce(last_revision, 0) FROM eventstore_append($1, $2, $3, $4, $5, $6, $7)", append(args, idsFirst)...).
		Scan(&conflict, &actual, &res.Position.Commit, &res.Position.Prepare, &res.LastRevision)
	switch {
	case err != nil:
		return eventstore.AppendResult{}, unavailable("append to "+stream, err)
	case conflict:
		return eventstore.AppendResult{}, &eventstore.ConflictError{Stream: stream, Expected: expected, Actual: actual}
	}
	return res, nil
}

// appendArgs lays the events out as the column arrays eventstore_append takes.
func appendArgs(stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) ([]any, error) {
	ids := make([]uuid.UUID, len(events))
	types := make([]string, len(events))
	data := make([]json.RawMessage, len(events))
	metadata := make([]json.RawMessage, len(events))
	for i, e := range events {
		if !json.Valid(e.Data) {
			return nil, fmt.Errorf("eventstore/postgres: event %s (%s): data is not JSON", e.ID, e.Type)
		}
		meta, err := json.Marshal(e.Metadata)
		if err != nil {
			return nil, err
		}
		ids[i], types[i], data[i], metadata[i] = e.ID, e.Type, e.Data, meta
	}
	return []any{stream, expectedArg(expected), ids, types, data, metadata}, nil
}

// expectedArg encodes the condition as eventstore_append reads it.
func expectedArg(e eventstore.ExpectedRevision) int64 {
	if r, ok := e.Revision(); ok {
		return int64(r)
	}
	if e.IsNoStream() {
		return -1
	}
	return -2
}

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

// querier is what a batch is written on: the pool, or in tests a transaction held open.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Append writes events to stream in one round trip (appendSQL), sharing the statement, and
// so the commit, with the appends of other callers that are waiting when it goes out (see
// committer).
//
// The statement asks for its transaction id before the INSERT draws sequence numbers, so the
// (tx_id, seq) pair handed out as the position names one transaction and its rows in the order
// they were written. Readers order by tx_id first and stop below the oldest running
// transaction (read.go), which makes the order safe however seq values interleave between
// transactions, and however many appends one transaction carries.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	p, err := newPending(ctx, stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	return s.committer.append(p)
}

// pending is one caller's append on its way to the database, and then its outcome.
type pending struct {
	ctx      context.Context
	stream   string
	expected eventstore.ExpectedRevision
	events   []eventstore.EventData
	metadata []json.RawMessage

	res  eventstore.AppendResult
	err  error
	done chan struct{} // closed once res and err are set
}

// newPending checks and encodes an append before it can join a batch, so that bad input
// fails only its own caller.
func newPending(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (*pending, error) {
	if len(events) == 0 {
		return nil, errors.New("eventstore/postgres: append of no events")
	}
	p := &pending{ctx: ctx, stream: stream, expected: expected, events: events,
		metadata: make([]json.RawMessage, len(events)), done: make(chan struct{})}
	for i, e := range events {
		if !json.Valid(e.Data) {
			return nil, fmt.Errorf("eventstore/postgres: event %s (%s): data is not JSON", e.ID, e.Type)
		}
		meta, err := json.Marshal(e.Metadata)
		if err != nil {
			return nil, err
		}
		p.metadata[i] = meta
	}
	return p, nil
}

func (p *pending) finish(res eventstore.AppendResult, err error) {
	p.res, p.err = res, err
	close(p.done)
}

// writeBatch writes the appends of b, each to a stream of its own, and gives each its outcome.
func writeBatch(ctx context.Context, q querier, b []*pending) {
	err := writeOnce(ctx, q, b, false)
	// One of our revisions was taken by a concurrent append that has committed by now, or one
	// of our ids exists: ask again, looking the ids up first, and the statement reports the
	// conflict or recognises a retry.
	if isUniqueViolation(err) {
		err = writeOnce(ctx, q, b, true)
	}
	var pgErr *pgconn.PgError
	if len(b) > 1 && errors.As(err, &pgErr) {
		// The server refused the batch for one append's sake (a third race, an id repeated
		// across streams): each append on its own then gets its own outcome.
		for _, p := range b {
			writeBatch(ctx, q, []*pending{p})
		}
		return
	}
	if err != nil {
		for _, p := range b {
			p.finish(eventstore.AppendResult{}, unavailable("append to "+p.stream, err))
		}
	}
}

// writeOnce runs appendSQL once and, if it succeeds, finishes every append of b.
func writeOnce(ctx context.Context, q querier, b []*pending, idsFirst bool) error {
	rows, err := q.Query(ctx, appendSQL, batchArgs(b, idsFirst)...)
	if err != nil {
		return err
	}
	type outcome struct {
		conflict bool
		actual   int64
		res      eventstore.AppendResult
	}
	outcomes := make([]outcome, 0, len(b))
	var o outcome
	dest := []any{&o.conflict, &o.actual, &o.res.Position.Commit, &o.res.Position.Prepare, &o.res.LastRevision}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return err
		}
		outcomes = append(outcomes, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(outcomes) != len(b) {
		return fmt.Errorf("eventstore/postgres: %d outcomes for %d appends", len(outcomes), len(b))
	}
	for i, p := range b {
		if o := outcomes[i]; o.conflict {
			p.finish(eventstore.AppendResult{}, &eventstore.ConflictError{Stream: p.stream, Expected: p.expected, Actual: o.actual})
		} else {
			p.finish(o.res, nil)
		}
	}
	return nil
}

// batchArgs lays the appends out as appendSQL's arrays.
func batchArgs(b []*pending, idsFirst bool) []any {
	n := 0
	for _, p := range b {
		n += len(p.events)
	}
	streams, expected := make([]string, len(b)), make([]int64, len(b))
	appendOf, place := make([]int32, 0, n), make([]int32, 0, n)
	ids, types := make([]uuid.UUID, 0, n), make([]string, 0, n)
	data, metadata := make([]json.RawMessage, 0, n), make([]json.RawMessage, 0, n)
	for i, p := range b {
		streams[i], expected[i] = p.stream, expectedArg(p.expected)
		for j, e := range p.events {
			appendOf, place = append(appendOf, int32(i+1)), append(place, int32(j+1))
			ids, types = append(ids, e.ID), append(types, e.Type)
			data, metadata = append(data, e.Data), append(metadata, p.metadata[j])
		}
	}
	return []any{streams, expected, appendOf, place, ids, types, data, metadata, idsFirst}
}

// expectedArg encodes the condition as appendSQL reads it.
func expectedArg(e eventstore.ExpectedRevision) int64 {
	if r, ok := e.Revision(); ok {
		return int64(r)
	}
	if e.IsNoStream() {
		return -1
	}
	return -2
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

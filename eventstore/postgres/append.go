package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shafaf-city/shafaf/eventstore"
)

// querier is what a batch is written on: the pool, or in tests a transaction held open.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Append writes events to stream in one round trip (appendSQL; a second one only when the
// append is refused, to tell a retry from a conflict), sharing the statement, and so the
// commit, with the appends of other callers that are waiting when it goes out (see committer).
//
// The position handed out is (tx_id, seq): the writing transaction, and the row's sequence
// value, drawn in the order the statement writes its rows. Readers order by tx_id first and
// stop below the oldest running transaction (read.go), which makes the order safe however seq
// values interleave between transactions, and however many appends one transaction carries.
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

func (p *pending) finished() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// writeBatch writes the appends of b, each to a stream of its own, and gives each its outcome.
func writeBatch(ctx context.Context, q querier, b []*pending) {
	err := writeOnce(ctx, q, b)
	if isUniqueViolation(err) {
		// A concurrent append took one of our revisions or ids and has committed by now: the
		// appends whose ids exist are retries or conflicts, and the others go again.
		if b, err = settle(ctx, q, b, false); err == nil && len(b) > 0 {
			err = writeOnce(ctx, q, b)
		}
	}
	b = slices.DeleteFunc(slices.Clone(b), (*pending).finished) // the caller's slice stays whole
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

// writeOnce runs appendSQL once; if it succeeds, every append of b is finished: written, or
// refused by its expected revision (a conflict, unless it is a retry; see settle).
func writeOnce(ctx context.Context, q querier, b []*pending) error {
	if len(b) == 1 && len(b[0].events) > maxBatchEvents {
		return writeLarge(ctx, q, b[0])
	}
	landed, err := insert(ctx, q, b)
	if err != nil {
		return err
	}
	var refused []*pending
	for _, p := range b {
		if res, ok := landed[p.stream]; ok {
			p.finish(res, nil)
		} else {
			refused = append(refused, p)
		}
	}
	if len(refused) > 0 {
		_, err = settle(ctx, q, refused, true)
	}
	return err
}

// insert runs appendSQL for b and returns where each append that was written ended.
func insert(ctx context.Context, q querier, b []*pending) (map[string]eventstore.AppendResult, error) {
	args := batchArgs(b)
	rows, err := q.Query(ctx, appendSQL(len(args)/7), args...)
	if err != nil {
		return nil, err
	}
	landed := make(map[string]eventstore.AppendResult, len(b))
	var (
		row      eventstore.AppendResult
		stream   string
		revision int64
	)
	for rows.Next() {
		if err := rows.Scan(&row.Position.Commit, &row.Position.Prepare, &stream, &revision); err != nil {
			rows.Close()
			return nil, err
		}
		// An append's rows come in the order written, so its last row says where it ended.
		row.LastRevision = uint64(revision)
		landed[stream] = row
	}
	return landed, rows.Err()
}

// writeLarge writes an append too large for one statement (the protocol carries at most 65,535
// parameters, appendSQL takes seven an event) as statements of maxBatchEvents events in one
// transaction, each after the first expecting the revision the one before ended at. Only the
// first can be refused: a concurrent writer of the stream waits in its unique index until this
// transaction ends. A refusal or a unique violation is settled for the whole append, outside
// the transaction, as for any other.
func writeLarge(ctx context.Context, q querier, p *pending) error {
	tx, err := q.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // after Commit, a no-op
	part := pending{stream: p.stream, expected: p.expected}
	var res eventstore.AppendResult
	for start := 0; start < len(p.events); start += maxBatchEvents {
		end := min(start+maxBatchEvents, len(p.events))
		part.events, part.metadata = p.events[start:end], p.metadata[start:end]
		landed, err := insert(ctx, tx, []*pending{&part})
		if err != nil {
			return err
		}
		var ok bool
		if res, ok = landed[p.stream]; !ok {
			if err := tx.Rollback(ctx); err != nil {
				return err
			}
			_, err := settle(ctx, q, []*pending{p}, true)
			return err
		}
		part.expected = eventstore.Exact(res.LastRevision)
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	p.finish(res, nil)
	return nil
}

// settle looks up the event ids of appends that could not be written. An append whose ids
// all sit, in order, where it would have put them is a retry and gets the original result;
// one with any other id already written gets a conflict. The rest get a conflict too when
// refused (their expected revision did not hold), else they are returned to be written again.
func settle(ctx context.Context, q querier, b []*pending, refused bool) (again []*pending, err error) {
	var appendOf, place []int32
	var ids [][16]byte // not uuid.UUID: see batchArgs
	streams := make([]string, len(b))
	for i, p := range b {
		streams[i] = p.stream
		for j, e := range p.events {
			appendOf, place, ids = append(appendOf, int32(i+1)), append(place, int32(j+1)), append(ids, [16]byte(e.ID))
		}
	}
	rows, err := q.Query(ctx, priorSQL, streams, appendOf, place, ids)
	if err != nil {
		return nil, err
	}
	found := make([]prior, 0, len(b))
	var (
		i int
		f prior
	)
	for rows.Next() {
		if err := rows.Scan(&i, &f.actual, &f.count, &f.minStream, &f.maxStream, &f.minOffset, &f.maxOffset,
			&f.res.LastRevision, &f.res.Position.Prepare, &f.res.Position.Commit); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(found) != len(b) {
		return nil, fmt.Errorf("eventstore/postgres: %d answers for %d appends", len(found), len(b))
	}
	for i, p := range b {
		f := found[i]
		switch {
		case f.count > 0 && f.retryOf(p):
			p.finish(f.res, nil)
		case f.count > 0 || refused:
			p.finish(eventstore.AppendResult{}, &eventstore.ConflictError{Stream: p.stream, Expected: p.expected, Actual: f.actual})
		default:
			again = append(again, p)
		}
	}
	return again, nil
}

// prior is what priorSQL found for one append.
type prior struct {
	actual               int64 // the stream's last revision
	count                int   // events found with the append's ids
	minStream, maxStream string
	minOffset, maxOffset int64 // revision minus place in the append
	res                  eventstore.AppendResult
}

// retryOf reports whether the events found are exactly p's, written by p before: all of
// them, in p's stream, in order, starting where p's expected revision says.
func (f prior) retryOf(p *pending) bool {
	expected := expectedArg(p.expected)
	return f.count == len(p.events) && f.minStream == p.stream && f.maxStream == p.stream &&
		f.minOffset == f.maxOffset && (expected == -2 || f.minOffset == expected)
}

// batchArgs lays the appends out as appendSQL's parameters, seven per event. An id goes as
// its 16 bytes: pgx encodes a uuid.UUID through its driver.Valuer, as text that fails the
// binary encoding (an error formatted per event) and is then parsed back; that was an eighth of
// the append's CPU in the client.
func batchArgs(b []*pending) []any {
	n := 0
	for _, p := range b {
		n += len(p.events)
	}
	args := make([]any, 0, 7*n)
	for _, p := range b {
		expected := expectedArg(p.expected)
		for j, e := range p.events {
			args = append(args, p.stream, expected, int32(j+1), [16]byte(e.ID), e.Type, e.Data, p.metadata[j])
		}
	}
	return args
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

package projector_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// batchToy is the toy read model writing a whole batch with one statement.
type batchToy struct {
	*toy
	batches atomic.Int64 // HandleBatch calls that wrote
}

var _ projector.BatchHandler = (*batchToy)(nil)

func (b *batchToy) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (int, error) {
	var ids []uuid.UUID
	var streams []string
	var commits, prepares []int64
	unknown := 0
	for _, ev := range events {
		switch {
		case ev.Type == typeUnknown:
			unknown++
			continue
		case ev.Type == typePoison && b.poisoned.Load():
			return 0, errPoison
		}
		ids, streams = append(ids, ev.ID), append(streams, ev.Stream)
		commits, prepares = append(commits, int64(ev.Position.Commit)), append(prepares, int64(ev.Position.Prepare))
	}
	_, err := tx.Exec(ctx, `INSERT INTO handled (event_id, stream, commit_pos, prepare_pos, instance)
		SELECT u.*, $5 FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[]) AS u
		ON CONFLICT (event_id) DO UPDATE SET times = handled.times + 1`, ids, streams, commits, prepares, b.instance)
	if err == nil {
		b.batches.Add(1)
	}
	return unknown, err
}

func TestBatchHandler(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	bt := &batchToy{toy: newToy("batched", "one")}
	bt.poisoned.Store(true)
	rt := mustRuntime(t, e, projector.Config{BatchSize: 100, StandbyRetry: 20 * time.Millisecond}, bt)
	readmodeltest.Start(t, rt)
	appendEvents(t, e.store, 250, typeCounted)
	appendEvents(t, e.store, 20, typeUnknown)
	bad := appendEvents(t, e.store, 1, typePoison)
	head := appendEvents(t, e.store, 50, typeCounted)

	// A failing batch is replayed per event, so exactly the poison event's case is parked.
	mustWaitFor(t, rt, "batched", head)
	s := mustStatus(t, rt, "batched")
	if len(s.Parked) != 1 || s.Parked[0].Position != bad || s.UnknownEvents != 20 || len(handledRows(t, rt, "batched")) != 250 || bt.batches.Load() == 0 {
		t.Fatalf("status %+v after %d batches; want the poison parked after 250 rows and 20 unknown events",
			s, bt.batches.Load())
	}
	skipped, err := rt.Skip(context.Background(), "batched", projector.Which{Stream: s.Parked[0].Stream})
	if err != nil || len(skipped) != 1 {
		t.Fatal(skipped, err)
	}
	rows := handledRows(t, rt, "batched")
	for _, ev := range logged(t, e.store) {
		if r := rows[ev.ID]; ev.ID != skipped[0].EventID && r.times != 1 {
			t.Fatalf("event %s at %s handled %d times", ev.ID, ev.Position, r.times)
		}
	}
	if len(rows) != 300 {
		t.Fatalf("%d rows, want the 300 events around the skipped one", len(rows))
	}
}

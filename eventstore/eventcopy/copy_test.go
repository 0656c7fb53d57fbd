package eventcopy_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/google/uuid"
	"go.uber.org/zap/zaptest"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
	"github.com/shafaf-city/shafaf/eventstore/eventcopy"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// MustPostgres is the embedded store on a fresh database.
func MustPostgres(tb testing.TB) eventstore.Store {
	return pgstoretest.Open(tb, pgtest.NewPool(tb))
}

// MustESDB is the EventStoreDB store on a fresh test server.
func MustESDB(tb testing.TB) eventstore.Store {
	tb.Helper()
	s, err := esdb.Open(context.Background(), esdbtest.Start(tb).URL(), zaptest.NewLogger(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// MustFill writes a log of interleaved streams: several appends per stream, some with many
// events, so that copies cross batches and stream runs.
func MustFill(tb testing.TB, s eventstore.Store, streams, rounds int) {
	tb.Helper()
	last := make([]int64, streams)
	for i := range last {
		last[i] = -1
	}
	for r := range rounds {
		for i := range streams {
			name := fmt.Sprintf("case-%d", i)
			expected := eventstore.NoStream
			if last[i] >= 0 {
				expected = eventstore.Exact(uint64(last[i]))
			}
			events := make([]eventstore.EventData, 1+(i+r)%3)
			for j := range events {
				data, _ := json.Marshal(map[string]any{"round": r, "n": j, "note": "پروانه"})
				events[j] = eventstore.EventData{ID: uuid.New(), Type: fmt.Sprintf("case.Step%d.v1", j), Data: data,
					Metadata: eventstore.Metadata{ActorID: "clerk-1", CorrelationID: uuid.NewString()}}
			}
			res, err := s.Append(context.Background(), name, expected, events...)
			if err != nil {
				tb.Fatal(err)
			}
			last[i] = int64(res.LastRevision)
		}
	}
}

// readLog is the whole product log of s in global order.
func readLog(tb testing.TB, s eventstore.Store) []eventstore.RecordedEvent {
	tb.Helper()
	var out []eventstore.RecordedEvent
	var after eventstore.Position
	for {
		evs, err := s.ReadAll(context.Background(), after, eventstore.Filter{}, 100)
		if err != nil {
			tb.Fatal(err)
		}
		if len(evs) == 0 {
			return out
		}
		out = append(out, evs...)
		after = evs[len(evs)-1].Position
	}
}

// wantSameLog fails unless both logs hold the same events in the same order; positions and
// timestamps belong to each store, and JSON may be re-encoded.
func wantSameLog(tb testing.TB, from, to eventstore.Store) {
	tb.Helper()
	a, b := readLog(tb, from), readLog(tb, to)
	if len(a) != len(b) {
		tb.Fatalf("source has %d events, target %d", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		// The copy carries the source's recording time in FirstRecordedAt; all else is equal.
		xm, ym := x.Metadata, y.Metadata
		xm.FirstRecordedAt, ym.FirstRecordedAt = nil, nil
		if x.ID != y.ID || x.Stream != y.Stream || x.Revision != y.Revision || x.Type != y.Type ||
			xm != ym || !sameJSON(x.Data, y.Data) || !x.RecordedAt.Equal(y.RecordedAt) {
			tb.Fatalf("event %d differs:\nsource %+v\ntarget %+v", i, x, y)
		}
	}
}

func sameJSON(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

func TestCopy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to func(testing.TB) eventstore.Store
	}{
		{"PostgreSQL to EventStoreDB", MustPostgres, MustESDB},
		{"EventStoreDB to PostgreSQL", MustESDB, MustPostgres},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from, to := tt.from(t), tt.to(t)
			MustFill(t, from, 7, 9)
			var reports []eventcopy.Progress
			stats, err := eventcopy.Copy(context.Background(), from, to, eventcopy.Options{
				BatchSize: 16, CountFirst: true, Progress: func(p eventcopy.Progress) { reports = append(reports, p) },
			})
			if err != nil {
				t.Fatal(err)
			}
			wantSameLog(t, from, to)
			n := int64(len(readLog(t, from)))
			if stats.Events != n || stats.Present != 0 || len(reports) == 0 || reports[len(reports)-1].Done != n || reports[0].Total != n {
				t.Fatalf("stats %+v, last report %+v; want %d events", stats, reports[len(reports)-1], n)
			}
		})
	}
}

func TestCopyRerunAfterInterruption(t *testing.T) {
	t.Parallel()
	from, to := MustPostgres(t), MustESDB(t)
	MustFill(t, from, 5, 8)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := eventcopy.Copy(ctx, from, to, eventcopy.Options{BatchSize: 10, Progress: func(p eventcopy.Progress) {
		if p.Done >= 20 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted copy: %v; want context.Canceled", err)
	}
	copied := int64(len(readLog(t, to)))
	stats, err := eventcopy.Copy(context.Background(), from, to, eventcopy.Options{BatchSize: 10})
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	wantSameLog(t, from, to)
	if stats.Events != int64(len(readLog(t, from))) || copied == 0 {
		t.Fatalf("rerun stats %+v after %d copied", stats, copied)
	}
}

func TestCopyRefusesADifferentEventInTheTarget(t *testing.T) {
	t.Parallel()
	from, to := MustPostgres(t), MustESDB(t)
	MustFill(t, from, 2, 2)
	intruder := eventstore.EventData{ID: uuid.New(), Type: "case.Other.v1", Data: []byte(`{}`)}
	if _, err := to.Append(context.Background(), "case-1", eventstore.NoStream, intruder); err != nil {
		t.Fatal(err)
	}
	_, err := eventcopy.Copy(context.Background(), from, to, eventcopy.Options{})
	var ce *eventstore.ConflictError
	if !errors.As(err, &ce) || ce.Stream != "case-1" {
		t.Fatalf("got %v; want a conflict on case-1", err)
	}
}

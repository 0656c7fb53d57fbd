package tlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// benchLeavesEnv sizes the proof benchmarks' tree.
const benchLeavesEnv = "SHAFAF_BENCH_TLOG_LEAVES"

// benchBatch is the runtime's default batch size (projector.Config.BatchSize).
const benchBatch = 2000

// benchTree is a runtime whose live tlog generation the benchmark fills directly, batch by
// batch through HandleBatch, without an event store to read from: it times the projection's
// own work, and the proofs are then read through the runtime as the API reads them.
type benchTree struct {
	pool *pgxpool.Pool
	rt   *projector.Runtime
	ids  []uuid.UUID
}

func newBenchTree(b *testing.B) *benchTree {
	b.Helper()
	pool := pgtest.NewPool(b)
	return &benchTree{pool: pool, rt: rmt.MustRuntime(b, pool, rmt.MustPostgres(b, pool), tlog.New())}
}

// benchEvents is a batch of n events shaped like a case's: a few hundred bytes of data with a
// personal member, and the metadata the commands write.
func benchEvents(n, from int) []eventstore.RecordedEvent {
	out := make([]eventstore.RecordedEvent, n)
	for i := range out {
		data, _ := json.Marshal(map[string]any{"case_id": uuid.New(), "service": "permit.renew", "district": "3",
			"note": "inspection booked for the morning", "at": time.Now().UTC(), "seq": from + i,
			"personal": map[string]string{"name": "Sara Ahmadi", "national_id": "3974017844", "phone": "09121234567"}})
		out[i] = eventstore.RecordedEvent{ID: uuid.New(), Stream: "case-" + strconv.Itoa((from+i)%5000), Revision: uint64(i),
			Type: "case.InspectionScheduled.v1", Data: data, RecordedAt: time.Now(),
			Metadata: eventstore.Metadata{ActorID: "clerk-7", ActorRole: "clerk", CorrelationID: uuid.NewString(), RequestID: uuid.NewString()}}
	}
	return out
}

// append writes events in one batch transaction, as the runtime would.
func (t *benchTree) append(b *testing.B, events []eventstore.RecordedEvent) {
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, t.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT set_config('search_path', schema_name, true) FROM projector.generations WHERE projection = $1 AND status = 'live'", tlog.Name); err != nil {
			return err
		}
		_, err := tlog.New().HandleBatch(ctx, tx, events)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range events {
		t.ids = append(t.ids, e.ID)
	}
}

// BenchmarkAppend is how many events a second the tree takes in, in the runtime's batches of
// 2,000 (leaf hashing, the right edge, COPY of leaves and nodes), on a tree of 20,000 leaves.
func BenchmarkAppend(b *testing.B) {
	t := newBenchTree(b)
	for i := 0; i < 20_000; i += benchBatch {
		t.append(b, benchEvents(benchBatch, i))
	}
	batches := make([][]eventstore.RecordedEvent, 0, b.N/benchBatch+1)
	for i := 0; i < b.N; i += benchBatch {
		batches = append(batches, benchEvents(min(benchBatch, b.N-i), i))
	}
	b.ResetTimer()
	for _, batch := range batches {
		t.append(b, batch)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkProofs times an inclusion proof of a random event and a consistency proof between
// random sizes on a tree of 1,000,000 leaves (SHAFAF_BENCH_TLOG_LEAVES for another size; the
// tree takes about a minute to fill), read through the runtime as the API reads them, and
// reports the p99.
func BenchmarkProofs(b *testing.B) {
	leaves := 1_000_000
	if v, err := strconv.Atoi(os.Getenv(benchLeavesEnv)); err == nil && v > 0 {
		leaves = v
	}
	t := newBenchTree(b)
	for i := 0; i < leaves; i += benchBatch {
		t.append(b, benchEvents(min(benchBatch, leaves-i), i))
	}
	log := tlog.Log{Reads: t.rt}
	ctx := context.Background()
	size := uint64(leaves)
	rng := rand.New(rand.NewPCG(1, 2))
	b.Run(fmt.Sprintf("inclusion/%d", leaves), func(b *testing.B) {
		timed(b, func() error {
			_, err := log.Inclusions(ctx, []uuid.UUID{t.ids[rng.IntN(leaves)]}, size)
			return err
		})
	})
	b.Run(fmt.Sprintf("consistency/%d", leaves), func(b *testing.B) {
		timed(b, func() error {
			_, err := log.Consistency(ctx, 1+rng.Uint64N(size-1), size)
			return err
		})
	})
}

// timed runs op b.N times and reports its 99th percentile.
func timed(b *testing.B, op func() error) {
	took := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100])/1e6, "p99-ms")
}

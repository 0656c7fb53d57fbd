package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

// Both benchmarks run on one database of the durable (fsync on) cluster, so the ratio of
// their events/s says what the store costs over the cheapest possible durable write.
var benchDB struct {
	once sync.Once
	dsn  string
	err  error
}

var benchWriters = []int{1, 16}

// BenchmarkAppend appends one new ~600-byte event to a stream of its own per operation.
func BenchmarkAppend(b *testing.B) {
	pool := mustBenchPool(b)
	store := mustStore(b, pool)
	payload := benchPayload(b)
	runWriters(b, func(ctx context.Context) error {
		_, err := store.Append(ctx, "case-"+uuid.NewString(), eventstore.NoStream, eventstore.EventData{
			ID: uuid.New(), Type: "case.Submitted.v1", Data: payload,
			Metadata: eventstore.Metadata{ActorID: "citizen-1", ActorRole: "applicant", CorrelationID: uuid.NewString(), RequestID: uuid.NewString()},
		})
		return err
	})
}

// BenchmarkRawInsert is the baseline: one plain single-row INSERT of the same payload.
func BenchmarkRawInsert(b *testing.B) {
	pool := mustBenchPool(b)
	payload := benchPayload(b)
	runWriters(b, func(ctx context.Context) error {
		_, err := pool.Exec(ctx, "INSERT INTO raw_events (data) VALUES ($1)", payload)
		return err
	})
}

// runWriters runs op b.N times in total from each number of concurrent writers and reports
// events per second.
func runWriters(b *testing.B, op func(context.Context) error) {
	for _, writers := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			var next atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			b.ResetTimer()
			for range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						if err := op(context.Background()); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			close(errs)
			for err := range errs {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// mustBenchPool opens a pool, large enough for every writer, on the shared benchmark database.
func mustBenchPool(b *testing.B) *pgxpool.Pool {
	b.Helper()
	cluster := pgtest.DurableCluster(b)
	ctx := context.Background()
	benchDB.once.Do(func() {
		benchDB.dsn = cluster.DSN("bench")
		if benchDB.err = cluster.CreateDatabase(ctx, "bench"); benchDB.err != nil {
			return
		}
		pool, err := pgxpool.New(ctx, benchDB.dsn)
		if err != nil {
			benchDB.err = err
			return
		}
		defer pool.Close()
		if benchDB.err = postgres.Migrate(ctx, pool); benchDB.err != nil {
			return
		}
		_, benchDB.err = pool.Exec(ctx, "CREATE TABLE raw_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data jsonb NOT NULL)")
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	cfg, err := pgxpool.ParseConfig(benchDB.dsn)
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = int32(2 * benchWriters[len(benchWriters)-1])
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	return pool
}

// benchPayload is a realistic building-permit submission of about 600 bytes.
func benchPayload(b *testing.B) json.RawMessage {
	b.Helper()
	payload, err := json.Marshal(map[string]any{
		"case_id":      uuid.NewString(),
		"service":      "building-permit",
		"submitted_on": "1405-03-12",
		"parcel":       map[string]any{"registry_plate": "4512/87", "district": 6, "zone": "R2-residential", "area_m2": 312.5},
		"project": map[string]any{
			"kind": "new-construction", "floors": 4, "units": 8, "gross_area_m2": 1180.0, "parking_spaces": 8,
			"description": "Four-storey residential building with underground parking on a corner plot.",
		},
		"documents": []map[string]any{
			{"kind": "deed", "file_id": uuid.NewString(), "pages": 3},
			{"kind": "architectural-plan", "file_id": uuid.NewString(), "pages": 14},
			{"kind": "structural-calculation", "file_id": uuid.NewString(), "pages": 22},
		},
		"engineer": map[string]any{"license_no": "1-23-4567", "discipline": "civil"},
	})
	if err != nil {
		b.Fatal(err)
	}
	return payload
}

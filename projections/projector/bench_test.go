package projector_test

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

//go:embed testdata/counter/*.sql
var counterFiles embed.FS

// counter counts events per stream with one upsert per event.
type counter struct{ name string }

func (c counter) Name() string { return c.name }

func (c counter) Migrations() fs.FS {
	sub, err := fs.Sub(counterFiles, "testdata/counter")
	if err != nil {
		panic(err)
	}
	return sub
}

func (c counter) Filter() eventstore.Filter { return eventstore.Filter{} }

func (c counter) Handle(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	_, err := tx.Exec(ctx, `INSERT INTO counts (stream, events) VALUES ($1, 1)
		ON CONFLICT (stream) DO UPDATE SET events = counts.events + 1`, ev.Stream)
	return err
}

// batchCounter is counter writing a whole batch with one statement.
type batchCounter struct{ counter }

func (c batchCounter) HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (int, error) {
	streams := make([]string, len(events))
	for i, ev := range events {
		streams[i] = ev.Stream
	}
	_, err := tx.Exec(ctx, `INSERT INTO counts (stream, events) SELECT s, count(*) FROM unnest($1::text[]) AS s GROUP BY s
		ON CONFLICT (stream) DO UPDATE SET events = counts.events + EXCLUDED.events`, streams)
	return 0, err
}

// BenchmarkCatchUp measures how fast a new projection catches up on a log of
// PROJECTOR_BENCH_EVENTS events (default 200000) of ~600 bytes, on a cluster with fsync on,
// with a Handle per event and with a HandleBatch per batch, beside two ceilings: the log read
// through a subscription alone, and one INSERT … SELECT copying as many event rows into a
// plain table. Run 1M with:
//
//	PROJECTOR_BENCH_EVENTS=1000000 go test -run '^$' -bench CatchUp -benchtime 1x -timeout 60m ./projections/projector/
func BenchmarkCatchUp(b *testing.B) {
	n := 200_000
	if s := os.Getenv("PROJECTOR_BENCH_EVENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("PROJECTOR_BENCH_EVENTS=%q: %v", s, err)
		}
	}
	ctx := context.Background()
	cluster := pgtest.NewCluster(b, pgcluster.Options{})
	if err := cluster.CreateDatabase(ctx, "bench"); err != nil {
		b.Fatal(err)
	}
	e := mustEnvAt(b, cluster.DSN("bench"))
	head := seed(b, e.store, n)

	for _, bench := range []struct {
		name string
		p    func(name string) projector.Projection
	}{
		{"Handle", func(name string) projector.Projection { return counter{name} }},
		{"HandleBatch", func(name string) projector.Projection { return batchCounter{counter{name}} }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			var spent time.Duration
			for i := range b.N {
				name := fmt.Sprintf("bench_%s_%d", strings.ToLower(bench.name), i)
				rt := mustRuntime(b, e, projector.Config{BatchSize: 1000}, bench.p(name))
				began := time.Now()
				stop := readmodeltest.Start(b, rt)
				// No waitLimit here: a slow machine makes a slow figure, not a failure.
				if err := rt.WaitFor(ctx, name, head); err != nil {
					b.Fatal(err)
				}
				spent += time.Since(began)
				stop()
			}
			b.ReportMetric(float64(n*b.N)/spent.Seconds(), "events/s")
		})
	}
	b.Run("SubscribeOnly", func(b *testing.B) {
		b.ReportMetric(subscribeCeiling(b, e.store, n), "events/s")
	})
	b.Run("RawInsertSelect", func(b *testing.B) {
		b.ReportMetric(rawCeiling(b, e, n), "rows/s")
	})
}

// seed appends n events in appends of 1000 and returns the head.
func seed(b *testing.B, store eventstore.Store, n int) eventstore.Position {
	b.Helper()
	var head eventstore.Position
	for i := 0; i < n; i += 1000 {
		events := make([]eventstore.EventData, min(1000, n-i))
		for j := range events {
			events[j] = eventstore.EventData{ID: uuid.New(), Type: typeCounted, Data: payload}
		}
		res, err := store.Append(context.Background(), fmt.Sprintf("case-%d", i/1000), eventstore.NoStream, events...)
		if err != nil {
			b.Fatal(err)
		}
		head = res.Position
	}
	return head
}

// subscribeCeiling receives the whole log through a subscription, b.N times, and returns
// events/s: what the store can feed a projector at most.
func subscribeCeiling(b *testing.B, store eventstore.Store, n int) float64 {
	b.Helper()
	began := time.Now()
	for range b.N {
		sub, err := store.Subscribe(context.Background(), eventstore.Position{}, eventstore.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		for got := 0; got < n; {
			msg, err := sub.Recv(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			if msg.Event != nil {
				got++
			}
		}
		_ = sub.Close()
	}
	return float64(n*b.N) / time.Since(began).Seconds()
}

// rawCeiling copies n event rows into a plain table in one statement, b.N times, and returns
// rows/s.
func rawCeiling(b *testing.B, e env, n int) float64 {
	b.Helper()
	ctx := context.Background()
	if _, err := e.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS raw_copy (event_id uuid, stream text, type text, data jsonb)`); err != nil {
		b.Fatal(err)
	}
	var spent time.Duration
	for range b.N {
		if _, err := e.pool.Exec(ctx, `TRUNCATE raw_copy`); err != nil {
			b.Fatal(err)
		}
		began := time.Now()
		if _, err := e.pool.Exec(ctx, `INSERT INTO raw_copy SELECT event_id, stream, type, data FROM events
			ORDER BY tx_id, seq LIMIT $1`, n); err != nil {
			b.Fatal(err)
		}
		spent += time.Since(began)
	}
	return float64(n*b.N) / spent.Seconds()
}

// Package readmodeltest runs read models in tests and benchmarks: the event stores they must
// work on, a runtime that runs until the test ends, and waiting for it to catch up.
package readmodeltest

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Store is a way to get an event store for a test.
type Store struct {
	Name string
	Open func(tb testing.TB, pool *pgxpool.Pool) eventstore.Store
}

// Stores are the two event stores every read model must work on.
var Stores = []Store{
	{Name: "postgres", Open: MustPostgres},
	{Name: "esdb", Open: func(tb testing.TB, _ *pgxpool.Pool) eventstore.Store {
		tb.Helper()
		url := os.Getenv("ESDB_URL")
		if url == "" {
			url = esdbtest.Start(tb).URL()
		}
		s, err := esdb.Open(context.Background(), url, zap.NewNop())
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = s.Close() })
		return s
	}},
}

// MustPostgres is the PostgreSQL event store in pool's database.
func MustPostgres(tb testing.TB, pool *pgxpool.Pool) eventstore.Store {
	return pgstoretest.Open(tb, pool)
}

// MustRuntime is a set-up runtime for ps, closed when the test ends.
func MustRuntime(tb testing.TB, pool *pgxpool.Pool, store eventstore.Store, ps ...projector.Projection) *projector.Runtime {
	tb.Helper()
	return MustRuntimeWith(tb, pool, store, projector.Config{}, ps...)
}

// MustRuntimeWith is MustRuntime with cfg, whose StandbyRetry is 50ms unless set.
func MustRuntimeWith(tb testing.TB, pool *pgxpool.Pool, store eventstore.Store, cfg projector.Config, ps ...projector.Projection) *projector.Runtime {
	tb.Helper()
	if cfg.StandbyRetry == 0 {
		cfg.StandbyRetry = 50 * time.Millisecond
	}
	rt, err := projector.New(pool, store, cfg, ps...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := rt.Setup(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(rt.Close)
	return rt
}

// Start runs rt until the returned stop is called or the test ends; a Run that fails fails
// the test.
func Start(tb testing.TB, rt *projector.Runtime) (stop func()) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := rt.Run(ctx); err != nil {
			tb.Errorf("Run: %v", err)
		}
	})
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	tb.Cleanup(stop)
	return stop
}

// WaitCaughtUp waits until each named projection of rt has no matching event left to read.
// (A projection's checkpoint may rest before the head when the last events are not its own.)
func WaitCaughtUp(tb testing.TB, rt *projector.Runtime, names ...string) {
	tb.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		st, err := rt.Status(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		behind := []projector.ProjectionStatus{}
		for _, s := range st {
			if slices.Contains(names, s.Name) && (s.LagEvents != 0 || s.LagSeconds != 0 || len(s.Parked) > 0) {
				behind = append(behind, s)
			}
		}
		if len(behind) == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("read models not caught up: %+v", behind)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Dump is the whole content of tables in projection name's live generation, as JSON text
// per table, ordered, so two generations can be compared.
func Dump(tb testing.TB, rt *projector.Runtime, name string, tables ...string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := rt.Read(context.Background(), name, func(tx pgx.Tx) error {
		for _, t := range tables {
			var s string
			if err := tx.QueryRow(context.Background(), `SELECT coalesce(jsonb_agg(j ORDER BY j::text)::text, '[]')
				FROM (SELECT to_jsonb(t) AS j FROM `+pgx.Identifier{t}.Sanitize()+` t) x`).Scan(&s); err != nil {
				return err
			}
			out[t] = s
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

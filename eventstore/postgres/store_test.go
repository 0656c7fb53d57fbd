package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestConformance gives every subtest a store of its own on one database; a database per
// subtest would be created while others read, and CREATE DATABASE holds a transaction id that
// holds back every reader of the cluster (see ReadAll).
func TestConformance(t *testing.T) {
	pool := mustMigratedPool(t)
	storetest.Run(t, func(t *testing.T) eventstore.Store { return mustStore(t, pool) })
}

// TestConformanceSharedStore runs the suite with every subtest on one store and database, as
// parallel writers and readers of one log really are.
func TestConformanceSharedStore(t *testing.T) {
	shared := mustStore(t, mustMigratedPool(t))
	storetest.Run(t, func(*testing.T) eventstore.Store { return shared })
}

// mustMigratedPool is a pool on a fresh database holding the event store's tables.
func mustMigratedPool(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	pool := pgtest.NewPool(tb)
	if err := postgres.Migrate(context.Background(), pool); err != nil {
		tb.Fatal(err)
	}
	return pool
}

func mustStore(tb testing.TB, pool *pgxpool.Pool, opts ...postgres.Option) *postgres.Store {
	tb.Helper()
	s, err := postgres.New(context.Background(), pool, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

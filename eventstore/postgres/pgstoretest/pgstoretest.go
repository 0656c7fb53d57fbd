// Package pgstoretest opens the PostgreSQL event store for tests of the packages built on it.
package pgstoretest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

// Open migrates pool's database and returns the store on it, closed when the test ends.
func Open(tb testing.TB, pool *pgxpool.Pool) *postgres.Store {
	tb.Helper()
	ctx := context.Background()
	if err := postgres.Migrate(ctx, pool); err != nil {
		tb.Fatal(err)
	}
	s, err := postgres.New(ctx, pool)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

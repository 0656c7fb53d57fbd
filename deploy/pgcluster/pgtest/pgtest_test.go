package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestNewDatabaseIsFreshAndDroppedAtCleanup(t *testing.T) {
	ctx := context.Background()
	var first string
	t.Run("creates an empty database", func(t *testing.T) {
		pool := pgtest.NewPool(t)
		if _, err := pool.Exec(ctx, "CREATE TABLE scratch (n int)"); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, "SELECT current_database()").Scan(&first); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("gives the next test another database", func(t *testing.T) {
		pool := pgtest.NewPool(t)
		var name string
		var tables int
		if err := pool.QueryRow(ctx, "SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE tablename = 'scratch')").
			Scan(&name, &tables); err != nil {
			t.Fatal(err)
		}
		if name == first || tables != 0 {
			t.Fatalf("database %q (first %q) has %d scratch tables, want a fresh one", name, first, tables)
		}
		var left int
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", first).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left != 0 {
			t.Fatalf("database %q not dropped at cleanup", first)
		}
	})
}

func TestNewDatabaseDropsDespiteOpenSessions(t *testing.T) {
	t.Run("leaks a connection", func(t *testing.T) {
		conn, err := pgx.Connect(context.Background(), pgtest.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		_ = conn // deliberately never closed: the cleanup's DROP ... WITH (FORCE) must cope
	})
}

package pgmigrate_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/deploy/pgmigrate"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestApplyRunsEachFileOnce(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	mustApply(t, pool, "store", sqlFiles("0001_a.sql"))
	mustApply(t, pool, "store", sqlFiles("0001_a.sql", "0002_b.sql"))
	mustApply(t, pool, "store", sqlFiles("0001_a.sql", "0002_b.sql"))

	// Each file inserts one row: a second run of it would show as two.
	for _, table := range []string{"t_0001_a", "t_0002_b"} {
		if n := mustCount(t, pool, "SELECT count(*) FROM "+table); n != 1 {
			t.Fatalf("%s has %d rows, want 1", table, n)
		}
	}
	var names string
	if err := pool.QueryRow(ctx, "SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations WHERE owner = 'store'").Scan(&names); err != nil {
		t.Fatal(err)
	}
	if names != "0001_a.sql,0002_b.sql" {
		t.Fatalf("recorded %q", names)
	}
}

func TestApplyKeepsOwnersApart(t *testing.T) {
	pool := pgtest.NewPool(t)
	mustApply(t, pool, "store", sqlFiles("0001_a.sql"))
	mustApply(t, pool, "case_summary", sqlFiles("0001_b.sql"))
	if n := mustCount(t, pool, "SELECT count(*) FROM schema_migrations"); n != 2 {
		t.Fatalf("schema_migrations has %d rows, want 2", n)
	}
}

func TestApplyRefusesDisagreeingHistory(t *testing.T) {
	tests := []struct {
		name    string
		later   fstest.MapFS
		wantErr string
	}{
		{"renamed applied file", sqlFiles("0001_renamed.sql", "0002_b.sql"), `applied as "0001_a.sql"`},
		{"database newer than code", sqlFiles("0001_a.sql"), "database has 2 migrations, the code only 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool := pgtest.NewPool(t)
			mustApply(t, pool, "store", sqlFiles("0001_a.sql", "0002_b.sql"))
			err := pgmigrate.Apply(context.Background(), pool, "store", tt.later)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Apply error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestApplyRollsBackAFailedFile(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	broken := sqlFiles("0001_a.sql")
	broken["0002_broken.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE half (id int); SELECT no_such_function();")}
	if err := pgmigrate.Apply(ctx, pool, "store", broken); err == nil || !strings.Contains(err.Error(), "0002_broken.sql") {
		t.Fatalf("Apply error = %v, want one naming 0002_broken.sql", err)
	}
	if n := mustCount(t, pool, "SELECT count(*) FROM pg_tables WHERE tablename = 'half'"); n != 0 {
		t.Fatal("the failed file's table was kept")
	}
	if n := mustCount(t, pool, "SELECT count(*) FROM schema_migrations"); n != 1 {
		t.Fatalf("schema_migrations has %d rows, want only the good file", n)
	}
	// The lock was released despite the failure: a fixed set applies.
	mustApply(t, pool, "store", sqlFiles("0001_a.sql", "0002_b.sql"))
}

func TestApplyConcurrentProcessesApplyOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	files := sqlFiles("0001_a.sql", "0002_b.sql", "0003_c.sql")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() { // each with its own pool, like separate processes
			defer wg.Done()
			pool, err := pgxpool.New(context.Background(), dsn)
			if err != nil {
				errs <- err
				return
			}
			defer pool.Close()
			errs <- pgmigrate.Apply(context.Background(), pool, "store", files)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	for _, table := range []string{"t_0001_a", "t_0002_b", "t_0003_c"} {
		if n := mustCount(t, pool, "SELECT count(*) FROM "+table); n != 1 {
			t.Fatalf("%s has %d rows, want 1", table, n)
		}
	}
}

func mustApply(tb testing.TB, pool *pgxpool.Pool, owner string, files fstest.MapFS) {
	tb.Helper()
	if err := pgmigrate.Apply(context.Background(), pool, owner, files); err != nil {
		tb.Fatal(err)
	}
}

func mustCount(tb testing.TB, pool *pgxpool.Pool, sql string) int {
	tb.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

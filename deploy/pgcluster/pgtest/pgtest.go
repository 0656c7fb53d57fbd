// Package pgtest gives every test package a real PostgreSQL: one throwaway cluster per test
// process (or the server named by TEST_DATABASE_URL) and a fresh database per test.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// Without a server the tests skip, except under CI=true, where they fail: CI must never pass by
// testing nothing.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
)

// URLEnv names a server to use instead of starting a cluster; its user must be allowed to
// create databases.
const URLEnv = "TEST_DATABASE_URL"

var (
	mainCalled bool
	cluster    *pgcluster.Cluster
	startErr   error

	durable struct {
		once    sync.Once
		cluster *pgcluster.Cluster
		err     error
	}
)

// Main starts one fast cluster for the package's tests unless TEST_DATABASE_URL is set, runs
// them, stops the cluster and exits with the tests' code.
func Main(m *testing.M) {
	mainCalled = true
	if os.Getenv(URLEnv) == "" {
		cluster, startErr = pgcluster.Start(context.Background(), pgcluster.Options{Fast: true})
	}
	code := m.Run()
	closeAdmin()
	for _, c := range []*pgcluster.Cluster{cluster, durable.cluster} {
		if c == nil {
			continue
		}
		if err := c.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// DurableCluster is a cluster with fsync on, started on first use and shared by the process
// until Main stops it: benchmarks compare figures measured on it, so they must share one.
func DurableCluster(tb testing.TB) *pgcluster.Cluster {
	tb.Helper()
	if !mainCalled {
		tb.Fatal("pgtest: DurableCluster needs pgtest.Main(m) in TestMain to stop it")
	}
	durable.once.Do(func() {
		durable.cluster, durable.err = pgcluster.Start(context.Background(), pgcluster.Options{})
	})
	if durable.err != nil {
		unavailable(tb, durable.err)
	}
	return durable.cluster
}

// NewPool returns a pool on a fresh empty database; both go away at test cleanup.
func NewPool(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	pool, err := pgxpool.New(context.Background(), NewDatabase(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// NewCluster starts a cluster of its own, stopped at cleanup, for tests and benchmarks that
// need settings other than the shared fast cluster's (benchmarks need fsync on).
func NewCluster(tb testing.TB, opts pgcluster.Options) *pgcluster.Cluster {
	tb.Helper()
	c, err := pgcluster.Start(context.Background(), opts)
	if err != nil {
		unavailable(tb, err)
	}
	tb.Cleanup(func() {
		if err := c.Stop(); err != nil {
			tb.Error(err)
		}
	})
	return c
}

// unavailable skips a test that cannot have a server, or fails it under CI.
func unavailable(tb testing.TB, reason error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("pgtest: no PostgreSQL, and CI=true forbids skipping: %v", reason)
	}
	tb.Skipf("pgtest: no PostgreSQL (set %s or install PostgreSQL to run this test): %v", URLEnv, reason)
}

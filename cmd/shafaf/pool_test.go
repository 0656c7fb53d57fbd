package main

import (
	"context"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// TestThePoolSizeIsOursUnlessTheURLSaysSo: pgx's default pool (the CPUs, at least 4) queued
// the API behind the read models at 1,000 req/s; an operator's pool_max_conns still wins.
func TestThePoolSizeIsOursUnlessTheURLSaysSo(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	for _, tc := range []struct {
		url  string
		want int32
	}{
		{dsn, defaultPoolSize},
		{dsn + sep + "pool_max_conns=5", 5},
	} {
		pool, err := connect(context.Background(), tc.url)
		if err != nil {
			t.Fatal(err)
		}
		got := pool.Config().MaxConns
		pool.Close()
		if got != tc.want {
			t.Errorf("%s: a pool of %d connections, want %d", tc.url, got, tc.want)
		}
	}
}

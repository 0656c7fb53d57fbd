package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
)

func mustExec(tb testing.TB, dsn, sql string) {
	tb.Helper()
	conn := mustConnect(tb, dsn)
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		tb.Fatal(err)
	}
}

func mustQueryString(tb testing.TB, dsn, sql string) string {
	tb.Helper()
	conn := mustConnect(tb, dsn)
	var s string
	if err := conn.QueryRow(context.Background(), sql).Scan(&s); err != nil {
		tb.Fatal(err)
	}
	return s
}

func mustConnect(tb testing.TB, dsn string) *pgx.Conn {
	tb.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// mustReachableTempDir is a t.TempDir that the server's account may enter when tests run as
// root: the server runs as another user and needs to traverse every parent of its data dir.
func mustReachableTempDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

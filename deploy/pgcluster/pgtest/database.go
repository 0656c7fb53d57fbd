package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var admin struct {
	once sync.Once
	pool *pgxpool.Pool
	err  error
}

// NewDatabase creates a fresh empty database, dropped at test cleanup, and returns its DSN.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	server, err := serverDSN()
	if err != nil {
		unavailable(tb, err)
	}
	pool, err := adminPool(server)
	if err != nil {
		unavailable(tb, err)
	}
	ctx := context.Background()
	name := databaseName(tb.Name())
	if _, err := pool.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+createOptions()); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		// FORCE ends sessions a test leaked, so one sloppy test cannot break the drop.
		if _, err := pool.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(server, name)
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// createOptions picks FILE_COPY on the package's own fsync-less cluster, where it is an order
// of magnitude faster than the default WAL_LOG; on a durable server it forces checkpoints.
func createOptions() string {
	if os.Getenv(URLEnv) == "" {
		return " STRATEGY FILE_COPY"
	}
	return ""
}

func serverDSN() (string, error) {
	if u := os.Getenv(URLEnv); u != "" {
		return u, nil
	}
	if !mainCalled {
		return "", errors.New("call pgtest.Main(m) from the package's TestMain")
	}
	if startErr != nil {
		return "", startErr
	}
	return cluster.DSN("postgres"), nil
}

// adminPool is the process's one connection pool for creating and dropping databases.
func adminPool(dsn string) (*pgxpool.Pool, error) {
	admin.once.Do(func() {
		admin.pool, admin.err = pgxpool.New(context.Background(), dsn)
		if admin.err == nil {
			admin.err = admin.pool.Ping(context.Background())
		}
	})
	return admin.pool, admin.err
}

func closeAdmin() {
	if admin.pool != nil {
		admin.pool.Close()
	}
}

// databaseName is unique and readable: the test's name, cut to fit PostgreSQL's 63 bytes.
func databaseName(testName string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(testName) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	readable := b.String()
	if len(readable) > 40 {
		readable = readable[:40]
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	return "t_" + readable + "_" + hex.EncodeToString(suffix)
}

// withDatabase points a URL or keyword/value DSN at another database.
func withDatabase(dsn, database string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		u.Path = "/" + database
		u.RawPath = ""
		return u.String(), nil
	}
	return dsn + " dbname=" + database, nil // a later keyword wins
}

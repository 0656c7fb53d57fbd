package projector_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// Read opens its transaction in one pipeline; what fn gets must still be a read-only
// transaction on the live generation, ended whatever fn does, so the pooled connection is
// clean for the next borrower.
func TestReadIsAReadOnlyTransactionOnTheLiveGeneration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	rt := mustRuntime(t, e, projector.Config{}, newToy("read", "one"))
	readmodeltest.Start(t, rt)
	mustWaitFor(t, rt, "read", appendEvents(t, e.store, 10, typeCounted))
	for range 3 * int(e.pool.Config().MaxConns) { // every pooled connection, several times
		var path string
		var n int
		err := rt.Read(ctx, "read", func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, "SELECT current_setting('search_path')").Scan(&path); err != nil {
				return err
			}
			return tx.QueryRow(ctx, "SELECT count(*) FROM handled").Scan(&n) // unqualified
		})
		if err != nil || n != 10 || !strings.Contains(path, "rm_read_g1") {
			t.Fatalf("read %d rows with search_path %q: %v; want 10 from rm_read_g1", n, path, err)
		}
		err = rt.Read(ctx, "read", func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, "DELETE FROM handled")
			return err
		})
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "25006" { // read_only_sql_transaction
			t.Fatalf("a write inside Read: %v; want it refused as read-only", err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		err = rt.Read(cancelled, "read", func(tx pgx.Tx) error {
			cancel()
			_, err := tx.Exec(cancelled, "SELECT pg_sleep(1)")
			return err
		})
		if err == nil {
			t.Fatal("a read whose context ended mid-query succeeded")
		}
	}
	// A connection a read could not end (its ROLLBACK cut off with it) is not pooled again:
	// the pool closes it, in the background, so its server backend may linger a moment. One
	// pooled inside a transaction would stay there.
	eventually(t, "no connection left inside a transaction", func() bool {
		var inTx int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE state LIKE 'idle in transaction%')
			FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&inTx); err != nil {
			t.Fatal(err)
		}
		return inTx == 0
	})
}

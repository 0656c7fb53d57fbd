package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// loggedCity is an App whose log holds a small demo city and one signed checkpoint of it.
type loggedCity struct {
	app    *App
	db     *pgxpool.Pool
	public string // the log's public key
}

// mustLoggedCity opens an App that signs checkpoints (on the PostgreSQL store, or the event
// store eventStoreURL names), loads a demo city, waits until the tree holds all of it and
// signs a checkpoint.
func mustLoggedCity(tb testing.TB, eventStoreURL ...string) loggedCity {
	tb.Helper()
	ctx := context.Background()
	private, public, err := tlog.GenerateKey("test.shafaf.example/events")
	if err != nil {
		tb.Fatal(err)
	}
	dsn := pgtest.NewDatabase(tb)
	app := openTestApp(tb, dsn, func(cfg *appConfig) {
		cfg.Transparency = transparencyConfig{Key: private}
		if len(eventStoreURL) > 0 {
			cfg.EventStoreURL = eventStoreURL[0]
		}
	})
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: 6, Seed: 11})
	if err == nil {
		err = hist.AppendTo(ctx, app.store, 2)
	}
	if err != nil {
		tb.Fatal(err)
	}
	head, err := app.store.Head(ctx)
	if err == nil {
		err = app.runtime.WaitFor(ctx, tlog.Name, head)
	}
	if err == nil {
		_, _, err = app.signer.Checkpoint(ctx)
	}
	if err != nil {
		tb.Fatal(err)
	}
	db, err := pgxpool.New(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	return loggedCity{app: app, db: db, public: public}
}

// audit runs `shafaf audit args…` against the city and returns its output and error.
func (c loggedCity) audit(tb testing.TB, args ...string) (string, error) {
	tb.Helper()
	var out, errOut bytes.Buffer
	args = append(args, "--key", c.public, "--url", c.app.URL())
	err := run(context.Background(), append([]string{"audit"}, args...), &out, &errOut)
	return out.String() + errOut.String(), err
}

// verifyStore is `shafaf audit verify` recomputing the tree from the city's store.
func (c loggedCity) verifyStore(tb testing.TB) (string, error) {
	tb.Helper()
	return c.audit(tb, "verify", "--database-url", c.app.cfg.DatabaseURL)
}

// tamper runs SQL as a DBA would, with the append-only trigger off.
func (c loggedCity) tamper(tb testing.TB, sql string, args ...any) {
	tb.Helper()
	ctx := context.Background()
	tx, err := c.db.Begin(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "ALTER TABLE events DISABLE TRIGGER events_append_only"); err != nil {
		tb.Fatal(err)
	}
	if _, err := tx.Exec(ctx, sql, args...); err != nil {
		tb.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "ALTER TABLE events ENABLE TRIGGER events_append_only"); err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		tb.Fatal(err)
	}
}

// eventAt is the id of the event at index i of the log's order, and its row's tx_id. The
// ORDER BY names the table's columns: a bare tx_id would be the text output column.
func (c loggedCity) eventAt(tb testing.TB, i int) (id uuid.UUID, txID string) {
	tb.Helper()
	err := c.db.QueryRow(context.Background(), "SELECT event_id, tx_id::text FROM events ORDER BY events.tx_id, events.seq OFFSET $1 LIMIT 1", i).Scan(&id, &txID)
	if err != nil {
		tb.Fatal(err)
	}
	return id, txID
}

func wantAuditFailure(tb testing.TB, out string, err error, names ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("audit passed on a tampered store:\n%s", out)
	}
	tb.Log(err)
	for _, n := range names {
		if !strings.Contains(err.Error(), n) {
			tb.Fatalf("audit error does not name %q: %v", n, err)
		}
	}
}

// TestAuditVerifyCatchesTamperedStore edits, deletes, swaps and inserts events directly in the
// PostgreSQL events table after a checkpoint; `shafaf audit verify` recomputing the tree from
// the store fails and names the event, while the honest store verifies.
func TestAuditVerifyCatchesTamperedStore(t *testing.T) {
	t.Parallel()
	t.Run("an honest log verifies", func(t *testing.T) {
		t.Parallel()
		c := mustLoggedCity(t)
		if out, err := c.verifyStore(t); err != nil || !strings.Contains(out, "matches every checkpoint") {
			t.Fatalf("audit of an honest log: %v\n%s", err, out)
		}
	})
	t.Run("an honest log on EventStoreDB verifies, an altered one names the event", func(t *testing.T) {
		t.Parallel()
		srv := esdbtest.Start(t)
		url := srv.URL()
		c := mustLoggedCity(t, url)
		if out, err := c.audit(t, "verify", "--eventstore", url); err != nil || !strings.Contains(out, "matches every checkpoint") {
			t.Fatalf("audit of an honest EventStoreDB log: %v\n%s", err, out)
		}
		// An operator restores a backup in which one event's bytes were altered.
		id := srv.RewriteEvent(7, func(data []byte) []byte { return append([]byte(" "), data...) })
		out, err := c.audit(t, "verify", "--eventstore", url)
		wantAuditFailure(t, out, err, id.String(), "was changed")
	})
	t.Run("names an event whose data bytes were edited", func(t *testing.T) {
		t.Parallel()
		c := mustLoggedCity(t)
		id, _ := c.eventAt(t, 7)
		c.tamper(t, `UPDATE events SET data = (' ' || data::text)::json WHERE event_id = $1`, id)
		out, err := c.verifyStore(t)
		wantAuditFailure(t, out, err, id.String(), "was changed")
	})
	t.Run("names the event after a deleted one", func(t *testing.T) {
		t.Parallel()
		c := mustLoggedCity(t)
		deleted, _ := c.eventAt(t, 7)
		next, _ := c.eventAt(t, 8)
		c.tamper(t, `DELETE FROM events WHERE event_id = $1`, deleted)
		out, err := c.verifyStore(t)
		wantAuditFailure(t, out, err, next.String(), "leaf 7 in the store but leaf 8 in the log")
	})
	t.Run("names an event swapped with the next", func(t *testing.T) {
		t.Parallel()
		c := mustLoggedCity(t)
		// Two neighbours from different transactions swap places by swapping their tx_id.
		var i int
		err := c.db.QueryRow(context.Background(), `SELECT n FROM (SELECT row_number() OVER (ORDER BY tx_id, seq) - 1 AS n,
			tx_id <> lead(tx_id) OVER (ORDER BY tx_id, seq) AS last FROM events) x WHERE last AND n >= 5 ORDER BY n LIMIT 1`).Scan(&i)
		if err != nil {
			t.Fatal(err)
		}
		a, txA := c.eventAt(t, i)
		b, txB := c.eventAt(t, i+1)
		c.tamper(t, `UPDATE events SET tx_id = CASE WHEN event_id = $1 THEN $4::xid8 ELSE $3::xid8 END WHERE event_id IN ($1, $2)`, a, b, txA, txB)
		out, err := c.verifyStore(t)
		wantAuditFailure(t, out, err, b.String(), "events before it were deleted or moved")
	})
	t.Run("names an event inserted in the middle", func(t *testing.T) {
		t.Parallel()
		c := mustLoggedCity(t)
		_, tx := c.eventAt(t, 7)
		forged := uuid.New()
		c.tamper(t, `INSERT INTO events (seq, tx_id, stream, revision, event_id, type, data, metadata)
			OVERRIDING SYSTEM VALUE VALUES ((SELECT max(seq) + 1000 FROM events), $1::xid8, $2, 0, $3, 'case.Submitted.v1', '{}', '{}')`,
			tx, cases.StreamName(uuid.New()), forged)
		out, err := c.verifyStore(t)
		wantAuditFailure(t, out, err, forged.String(), "inserted")
	})
}

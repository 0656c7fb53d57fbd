package projector_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childDSNEnv) != "" {
		os.Exit(m.Run()) // a projector child process of TestKilledProjector: its parent owns the database
	}
	pgtest.Main(m)
}

// waitLimit bounds every wait of a test, so a bug fails the test instead of hanging it.
const waitLimit = 60 * time.Second

// env is one test's database with an event store on it.
type env struct {
	dsn   string
	pool  *pgxpool.Pool
	store eventstore.Store
}

func mustEnv(tb testing.TB) env {
	tb.Helper()
	dsn := pgtest.NewDatabase(tb)
	return mustEnvAt(tb, dsn)
}

// mustEnvAt connects to an existing database, as a restarted process would.
func mustEnvAt(tb testing.TB, dsn string) env {
	tb.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	return env{dsn: dsn, pool: pool, store: readmodeltest.MustPostgres(tb, pool)}
}

func mustRuntime(tb testing.TB, e env, cfg projector.Config, ps ...projector.Projection) *projector.Runtime {
	tb.Helper()
	rt, err := projector.New(e.pool, e.store, cfg, ps...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := rt.Setup(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(rt.Close)
	return rt
}

// payload is a realistic ~600-byte event body.
var payload = json.RawMessage(`{"case_id":"0b7e6c1e-5b6f-4d53-9a55-6f0c1f8a2b11","kind":"building_permit",` +
	`"applicant":{"role":"owner","actor_id":"c2f1a1d4-7a51-4f0e-8e0b-3a3c7d2d9f10"},"plot":"12-345-6789",` +
	`"district":7,"address":"Block 4, Street 12, No. 18","floors":4,"area_m2":412.5,"use":"residential",` +
	`"documents":["deed","survey","structural_calc","architectural_plan"],"fee_rial":48500000,` +
	`"note":"` + strings.Repeat("x", 200) + `"}`)

// appendEvents appends n events of type typ, spread over a few case streams; it returns the
// position of the last one.
func appendEvents(tb testing.TB, store eventstore.Store, n int, typ string) eventstore.Position {
	tb.Helper()
	last, err := appendSome(store, n, typ)
	if err != nil {
		tb.Fatal(err)
	}
	return last
}

// appendSome is appendEvents for goroutines other than the test's own.
func appendSome(store eventstore.Store, n int, typ string) (eventstore.Position, error) {
	var last eventstore.Position
	for i := 0; i < n; i += 100 {
		events := make([]eventstore.EventData, min(100, n-i))
		for j := range events {
			events[j] = eventstore.EventData{ID: uuid.New(), Type: typ, Data: payload}
		}
		res, err := store.Append(context.Background(), fmt.Sprintf("case-%d", i/100%7), eventstore.Any, events...)
		if err != nil {
			return last, err
		}
		last = res.Position
	}
	return last, nil
}

// logged returns the events of the log that the toy projection would write rows for.
func logged(tb testing.TB, store eventstore.Store) []eventstore.RecordedEvent {
	tb.Helper()
	var out []eventstore.RecordedEvent
	var after eventstore.Position
	for {
		evs, err := store.ReadAll(context.Background(), after, (&toy{}).Filter(), 1000)
		if err != nil {
			tb.Fatal(err)
		}
		if len(evs) == 0 {
			return out
		}
		for _, ev := range evs {
			if ev.Type != typeUnknown {
				out = append(out, ev)
			}
		}
		after = evs[len(evs)-1].Position
	}
}

// row is one line of the toy's handled table.
type row struct {
	times    int
	instance string
	pos      eventstore.Position
	stream   string
	applied  int64 // rises in the order the toy applied its events
}

func handledRows(tb testing.TB, rt *projector.Runtime, name string) map[uuid.UUID]row {
	tb.Helper()
	rows := map[uuid.UUID]row{}
	err := rt.Read(context.Background(), name, func(tx pgx.Tx) error {
		res, err := tx.Query(context.Background(), "SELECT event_id, times, instance, commit_pos, prepare_pos, stream, applied FROM handled")
		if err != nil {
			return err
		}
		var id uuid.UUID
		var r row
		var commit, prepare int64
		_, err = pgx.ForEachRow(res, []any{&id, &r.times, &r.instance, &commit, &prepare, &r.stream, &r.applied}, func() error {
			r.pos = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
			rows[id] = r
			return nil
		})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

// wantExactlyOnce fails unless projection name has handled every toy event of the log once.
func wantExactlyOnce(tb testing.TB, rt *projector.Runtime, store eventstore.Store, name string) map[uuid.UUID]row {
	tb.Helper()
	rows := handledRows(tb, rt, name)
	events := logged(tb, store)
	for _, ev := range events {
		r, ok := rows[ev.ID]
		switch {
		case !ok:
			tb.Fatalf("%s: event %s at %s never handled", name, ev.ID, ev.Position)
		case r.times != 1:
			tb.Fatalf("%s: event %s at %s handled %d times", name, ev.ID, ev.Position, r.times)
		}
	}
	if len(rows) != len(events) {
		tb.Fatalf("%s: %d rows for %d events", name, len(rows), len(events))
	}
	return rows
}

// mustWaitFor waits until projection name has reached pos.
func mustWaitFor(tb testing.TB, rt *projector.Runtime, name string, pos eventstore.Position) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := rt.WaitFor(ctx, name, pos); err != nil {
		got, _ := rt.Position(context.Background(), name)
		tb.Fatalf("%s did not reach %s (at %s): %v", name, pos, got, err)
	}
}

// mustStatus returns the status of projection name.
func mustStatus(tb testing.TB, rt *projector.Runtime, name string) projector.ProjectionStatus {
	tb.Helper()
	all, err := rt.Status(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, s := range all {
		if s.Name == name {
			return s
		}
	}
	tb.Fatalf("no status for %s", name)
	return projector.ProjectionStatus{}
}

// eventually polls cond until it holds, failing after waitLimit.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

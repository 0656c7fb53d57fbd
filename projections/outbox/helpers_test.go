package outbox_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar/kavenegartest"
	"github.com/shafaf-city/shafaf/projections/outbox/outboxtest"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// world is a database whose outbox has planned the messages of a small generated city.
type world struct {
	pool *pgxpool.Pool
	sms  *kavenegartest.Server
	kn   *kavenegar.Client
	clk  *outboxtest.Clock
}

// mustWorld loads a city of n cases and waits until the planner has queued its messages.
func mustWorld(t *testing.T, n int) *world {
	t.Helper()
	planner, err := outbox.NewPlanner("https://shafaf.example")
	if err != nil {
		t.Fatal(err)
	}
	pool := mustPlannedCity(t, n, planner)
	sms := kavenegartest.Start(t)
	// The clock starts after the planner queued, so everything queued is due.
	return &world{pool: pool, sms: sms, kn: kavenegar.New(sms.URL, kavenegartest.Key, kavenegartest.Sender, http.DefaultClient),
		clk: outboxtest.NewClock(time.Now().Add(time.Minute))}
}

// mustPlannedCity loads a generated city of n cases and waits until planner has planned it.
func mustPlannedCity(t *testing.T, n int, planner *outbox.Planner) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: n, Seed: 3, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	pool := pgtest.NewPool(t)
	store := rmt.MustPostgres(t, pool)
	if err := hist.AppendTo(ctx, store, 4); err != nil {
		t.Fatal(err)
	}
	rt := rmt.MustRuntime(t, pool, store, planner)
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, planner.Name())
	return pool
}

// dispatcher sends through p (the world's Kavenegar client when nil).
func (w *world) dispatcher(p outbox.Provider, cfg outbox.Config) *outbox.Dispatcher {
	if p == nil {
		p = w.kn
	}
	cfg.Now = w.clk.Now
	return outbox.NewDispatcher(w.pool, map[outbox.Channel]outbox.Provider{outbox.ChannelSMS: p}, cfg)
}

// row is a delivery as the tests look at it.
type row struct {
	Seq      int64
	CaseID   string
	To, Body string
	State    string
	Attempts int
}

func (w *world) rows(t *testing.T) []row {
	t.Helper()
	rs, err := w.pool.Query(context.Background(),
		"SELECT seq, case_id::text, recipient, body, state, attempts FROM notify.deliveries ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	var out []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.Seq, &r.CaseID, &r.To, &r.Body, &r.State, &r.Attempts); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

package outbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/outbox"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// A planner deployed on a city with a history texts nobody about events older than a day.
func TestOldEventsAreNotTexted(t *testing.T) {
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: 20, Seed: 3, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	pool := pgtest.NewPool(t)
	store := rmt.MustPostgres(t, pool)
	if err := hist.AppendTo(ctx, store, 4); err != nil {
		t.Fatal(err)
	}
	planner, err := outbox.NewPlanner("https://shafaf.example")
	if err != nil {
		t.Fatal(err)
	}
	planner.WithClock(func() time.Time { return time.Now().Add(48 * time.Hour) }) // deployed two days later
	rt := rmt.MustRuntime(t, pool, store, planner)
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, planner.Name())
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM notify.deliveries WHERE channel = 'sms'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d texts queued about events two days old", n)
	}
}

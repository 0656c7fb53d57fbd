package readmodels_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// benchEventsEnv sizes the benchmark history; 1000000 is the figure (about 130,000
// cases; generating and loading it takes several minutes before the timed part).
const benchEventsEnv = "SHAFAF_BENCH_EVENTS"

// BenchmarkCatchUpAndRebuild loads a realistic city into the PostgreSQL store, then times all
// five read models catching up from an empty start, and a rebuild of each. Beside them it
// measures the raw ceiling of the same database: an INSERT … SELECT of as many rows.
func BenchmarkCatchUpAndRebuild(b *testing.B) {
	events := 100_000
	if v, err := strconv.Atoi(os.Getenv(benchEventsEnv)); err == nil && v > 0 {
		events = v
	}
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: events * 10 / 77, Seed: 3, End: end})
	if err != nil {
		b.Fatal(err)
	}
	dbPool := pgtest.NewPool(b) // the fast (fsync off) test cluster: the ceiling runs on the same one
	store := rmt.MustPostgres(b, dbPool)
	if err := hist.AppendTo(ctx, store, 4); err != nil {
		b.Fatal(err)
	}
	n := float64(hist.Events())
	head, err := store.Head(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		rt := rmt.MustRuntime(b, dbPool, store, mustModels(b)...)
		start := time.Now()
		stop := rmt.Start(b, rt)
		// WaitFor, woken by NOTIFY, rather than polling Status: Status counts each projection's
		// lag (a count over the rest of the log), which would load the server being measured.
		// A caught-up projection's checkpoint reaches the head even when the last events are not
		// its own, because the store checkpoints filtered subscriptions past them.
		for _, name := range names() {
			if err := rt.WaitFor(ctx, name, head); err != nil {
				b.Fatal(err)
			}
		}
		catchUp := time.Since(start)
		rmt.WaitCaughtUp(b, rt, names()...)
		stop()
		start = time.Now()
		for _, name := range names() {
			if err := rt.Rebuild(ctx, name, nil); err != nil {
				b.Fatal(err)
			}
		}
		rebuild := time.Since(start)
		start = time.Now()
		if _, err := dbPool.Exec(ctx, `CREATE TEMP TABLE ceiling AS SELECT * FROM events WHERE false;
			INSERT INTO ceiling SELECT * FROM events; DROP TABLE ceiling`); err != nil {
			b.Fatal(err)
		}
		ceiling := time.Since(start)
		b.ReportMetric(n/catchUp.Seconds(), "catchup-events/s")
		b.ReportMetric(rebuild.Seconds(), "rebuild-s")
		b.ReportMetric(n/ceiling.Seconds(), "ceiling-rows/s")
		b.ReportMetric(n, "events")
	}
}

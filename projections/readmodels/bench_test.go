package readmodels_test

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// benchEventsEnv sizes the benchmark history; 1000000 is the figure (about 130,000
// cases; generating and loading it takes several minutes before the timed part).
const benchEventsEnv = "SHAFAF_BENCH_EVENTS"

// benchModelsEnv restricts the benchmark to some read models (comma-separated names), to see
// what each one costs; all six by default.
const benchModelsEnv = "SHAFAF_BENCH_MODELS"

// benchCatchUpBatchEnv sets projector.Config.CatchUpBatchSize, to see what the size of a
// catch-up transaction buys (the runtime's default otherwise).
const benchCatchUpBatchEnv = "SHAFAF_BENCH_CATCHUP_BATCH"

// benchModels are the read models the benchmark runs.
func benchModels(tb testing.TB) ([]projector.Projection, []string) {
	var models []projector.Projection
	var names []string
	only := os.Getenv(benchModelsEnv)
	for _, m := range mustAllModels(tb) {
		if only == "" || slices.Contains(strings.Split(only, ","), m.Name()) {
			models, names = append(models, m), append(names, m.Name())
		}
	}
	if len(models) == 0 {
		tb.Fatalf("%s=%q names no read model", benchModelsEnv, only)
	}
	return models, names
}

// waitIndexesBuilt waits until no generation has deferred indexes left to build.
func waitIndexesBuilt(b *testing.B, pool *pgxpool.Pool) {
	for {
		var pending bool
		if err := pool.QueryRow(context.Background(), "SELECT EXISTS (SELECT FROM projector.deferred_indexes)").Scan(&pending); err != nil {
			b.Fatal(err)
		}
		if !pending {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkCatchUpAndRebuild loads a realistic city into the PostgreSQL store in each layout,
// then times, with the garbage-collector settings of a rebuild (projector.CatchUpGC), all six
// read models (case_summary and readmodels.All) catching up from an empty start until they are
// ready (indexes built), and a rebuild of all six together. Beside them it measures the raw
// ceiling of the same database: an INSERT … SELECT of as many rows.
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
	n := float64(hist.Events())
	// Every layout is loaded before anything is timed, and then the generated history (about
	// 600 MB at 1M events) is let go: a product process holds no such thing, and the garbage
	// collector would otherwise trace it on every cycle of the runs being measured.
	layouts := benchLayouts(b)
	dbs := make([]loaded, len(layouts))
	for i, l := range layouts {
		dbs[i].pool = pgtest.NewPool(b) // the fast (fsync off) test cluster: the ceiling runs on the same one
		dbs[i].store = rmt.MustPostgres(b, dbs[i].pool)
		if err := l.load(ctx, hist, dbs[i].store); err != nil {
			b.Fatal(err)
		}
		// A read model catches up on a log at rest: one written over months, long since
		// vacuumed. Straight after a bulk load the first reader would set the hint bit of every
		// row (rewriting the whole table) while autovacuum, woken by the load, scans it too.
		if _, err := dbs[i].pool.Exec(ctx, "VACUUM (ANALYZE) events"); err != nil {
			b.Fatal(err)
		}
	}
	hist = nil
	runtime.GC()
	// Catch-up and rebuild run as in `shafaf projections rebuild`'s process (GOGC and GOMEMLIMIT
	// override it, e.g. GOGC=100 GOMEMLIMIT=off for Go's defaults).
	defer projector.CatchUpGC()()
	for i, l := range layouts {
		b.Run(l.name, func(b *testing.B) { benchCatchUpAndRebuild(b, dbs[i], n) })
	}
}

// loaded is a database holding a history in some layout.
type loaded struct {
	pool  *pgxpool.Pool
	store eventstore.Store
}

// layout is a way of writing the history into the log.
type layout struct {
	name string
	load func(ctx context.Context, h *demo.History, store eventstore.Store) error
}

// benchLayoutsEnv picks one layout of the log ("streams" or "interleaved"); both by default.
const benchLayoutsEnv = "SHAFAF_BENCH_LAYOUT"

// benchLayouts: whole streams side by side (as a migration or `eventstore copy` writes them,
// which lets a batch fold several events of a case into one row write), and the events in the
// order they happened (as the city writes them live, each case's events spread over the log).
func benchLayouts(b *testing.B) []layout {
	all := []layout{
		{"streams", func(ctx context.Context, h *demo.History, s eventstore.Store) error { return h.AppendTo(ctx, s, 4) }},
		{"interleaved", func(ctx context.Context, h *demo.History, s eventstore.Store) error {
			return h.AppendInterleaved(ctx, s, 4)
		}},
	}
	only := os.Getenv(benchLayoutsEnv)
	for _, l := range all {
		if l.name == only {
			return []layout{l}
		}
	}
	if only != "" {
		b.Fatalf("%s=%q: want streams or interleaved", benchLayoutsEnv, only)
	}
	return all
}

func benchCatchUpAndRebuild(b *testing.B, db loaded, n float64) {
	ctx := context.Background()
	dbPool, store := db.pool, db.store
	head, err := store.Head(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		models, names := benchModels(b)
		span, _ := strconv.Atoi(os.Getenv(benchCatchUpBatchEnv))
		rt := rmt.MustRuntimeWith(b, dbPool, store, projector.Config{CatchUpBatchSize: span}, models...)
		start := time.Now()
		stop := rmt.Start(b, rt)
		// WaitFor, woken by NOTIFY, rather than polling Status: Status counts each projection's
		// lag (a count over the rest of the log), which would load the server being measured.
		// A caught-up projection's checkpoint reaches the head even when the last events are not
		// its own, because the store checkpoints filtered subscriptions past them.
		for _, name := range names {
			if err := rt.WaitFor(ctx, name, head); err != nil {
				b.Fatal(err)
			}
		}
		waitIndexesBuilt(b, dbPool) // a read model is ready once it has its indexes
		catchUp := time.Since(start)
		rmt.WaitCaughtUp(b, rt, names...)
		stop()
		start = time.Now()
		if err := rt.RebuildMany(ctx, names, nil); err != nil {
			b.Fatal(err)
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

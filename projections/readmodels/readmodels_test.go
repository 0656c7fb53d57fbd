package readmodels_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodels"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// end is the seeded city's "now"; readers are asked at the same instant.
var end = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// tables names every table of each read model, for comparing generations and PII scans.
var tables = map[string][]string{
	workqueue.Name:         {"work_queue"},
	dashboard.Name:         {"dashboard_case"},
	"transparency":         {"transparency_case", "permit_register", "monthly"},
	"certificate_registry": {"certificate_case", "certificate"},
	"actor_activity":       {"actor_activity"},
	"tlog":                 {"tlog_node", "tlog_leaf"},
}

func names() []string {
	out := make([]string, 0, len(tables))
	for n := range tables {
		out = append(out, n)
	}
	return out
}

// mustCity generates a city through the real commands, in memory.
func mustCity(tb testing.TB, opts demo.Options) (*demo.History, demo.Summary) {
	tb.Helper()
	opts.End = end
	h, sum, err := demo.Generate(context.Background(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	return h, sum
}

// TestReadModelsMatchTheHistory loads a random city into each event store, runs every read
// model over it and checks their answers against figures folded from the same history with
// the domain's own Evolve.
func TestReadModelsMatchTheHistory(t *testing.T) {
	hist, sum := mustCity(t, demo.Options{Cases: 300, Seed: 7})
	want := fold(t, hist)
	for _, st := range rmt.Stores {
		t.Run(st.Name, func(t *testing.T) {
			t.Parallel()
			pool := pgtest.NewPool(t)
			store := st.Open(t, pool)
			if err := hist.AppendTo(context.Background(), store, 4); err != nil {
				t.Fatal(err)
			}
			models, err := readmodels.All()
			if err != nil {
				t.Fatal(err)
			}
			rt := rmt.MustRuntime(t, pool, store, models...)
			rmt.Start(t, rt)
			rmt.WaitCaughtUp(t, rt, names()...)
			checkWorkQueue(t, rt, want)
			checkDashboard(t, rt, want)
			checkTransparency(t, rt, want)
			checkCertificates(t, rt, sum)
			checkRegister(t, rt, want)
			checkActivity(t, rt, want)
			checkNoPersonalData(t, rt, sum)
		})
	}
}

// TestRebuildEqualsLive rebuilds every read model while a second city's events keep coming,
// and compares the rebuilt tables with those of a runtime that followed the log live from
// the start (in a database of its own, on the same event store).
func TestRebuildEqualsLive(t *testing.T) {
	first, _ := mustCity(t, demo.Options{Cases: 250, Seed: 11})
	second, _ := mustCity(t, demo.Options{Cases: 250, Seed: 12, PlotBase: 100_000})
	for _, st := range rmt.Stores {
		t.Run(st.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			pool := pgtest.NewPool(t)
			store := st.Open(t, pool)
			live := rmt.MustRuntime(t, pgtest.NewPool(t), store, mustModels(t)...)
			rmt.Start(t, live)
			rebuilt := rmt.MustRuntime(t, pool, store, mustModels(t)...)
			rmt.Start(t, rebuilt)
			if err := first.AppendTo(ctx, store, 4); err != nil {
				t.Fatal(err)
			}
			appendRareEvents(t, store, first)
			rmt.WaitCaughtUp(t, rebuilt, names()...)
			traffic := make(chan error, 1)
			go func() { traffic <- second.AppendInterleaved(ctx, store, 2) }()
			if err := rebuilt.RebuildMany(ctx, names(), nil); err != nil {
				t.Fatal(err)
			}
			if err := <-traffic; err != nil {
				t.Fatal(err)
			}
			rmt.WaitCaughtUp(t, rebuilt, names()...)
			rmt.WaitCaughtUp(t, live, names()...)
			for n, ts := range tables {
				got, want := rmt.Dump(t, rebuilt, n, ts...), rmt.Dump(t, live, n, ts...)
				for _, table := range ts {
					if got[table] != want[table] {
						t.Errorf("%s.%s: rebuilt differs from live (%d vs %d bytes)", n, table, len(got[table]), len(want[table]))
					}
				}
			}
		})
	}
}

func mustModels(tb testing.TB) []projector.Projection {
	tb.Helper()
	ms, err := readmodels.All()
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

// checkNoPersonalData scans every public table for the seeded people's names, national IDs
// and phones.
func checkNoPersonalData(t *testing.T, rt *projector.Runtime, sum demo.Summary) {
	t.Helper()
	for _, n := range []string{"transparency", "certificate_registry", workqueue.Name, dashboard.Name, "actor_activity", "tlog"} {
		for table, text := range rmt.Dump(t, rt, n, tables[n]...) {
			for _, p := range sum.People {
				for _, secret := range []string{p.Name, p.NationalID, p.Phone} {
					if strings.Contains(text, secret) {
						t.Fatalf("%s.%s holds personal data %q", n, table, secret)
					}
				}
			}
		}
	}
}

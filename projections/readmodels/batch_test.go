package readmodels_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/projector"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// perEvent hides a projection's HandleBatch, so the runtime calls Handle for every event.
type perEvent struct{ projector.Projection }

// TestBatchEqualsPerEvent builds every read model, case_summary included, from the same log
// three ways: through Handle for every event; through HandleBatch, whole batches of a catch-up;
// and in small batches folded by the read models' stages into catch-up transactions (spans)
// of many batches each. The log interleaves the cases, as a live city writes it, so a case's
// events spread over batches and spans. The tables must come out the same.
func TestBatchEqualsPerEvent(t *testing.T) {
	ctx := context.Background()
	hist, _ := mustCity(t, demo.Options{Cases: 300, Seed: 5})
	store := rmt.MustPostgres(t, pgtest.NewPool(t))
	if err := hist.AppendInterleaved(ctx, store, 4); err != nil {
		t.Fatal(err)
	}
	appendRareEvents(t, store, hist)
	batched, single := mustAllModels(t), mustAllModels(t)
	for i, p := range single {
		single[i] = perEvent{p}
	}
	if _, ok := batched[0].(projector.BatchHandler); !ok {
		t.Fatalf("%s has no HandleBatch", batched[0].Name())
	}
	byBatch := rmt.MustRuntime(t, pgtest.NewPool(t), store, batched...)
	byEvent := rmt.MustRuntime(t, pgtest.NewPool(t), store, single...)
	bySpan := rmt.MustRuntimeWith(t, pgtest.NewPool(t), store, projector.Config{BatchSize: 40, CatchUpBatchSize: 600},
		mustAllModels(t)...)
	all := append(names(), casesummary.Name)
	for _, rt := range []*projector.Runtime{byBatch, byEvent, bySpan} {
		rmt.Start(t, rt)
		rmt.WaitCaughtUp(t, rt, all...)
	}
	for way, rt := range map[string]*projector.Runtime{"batch": byBatch, "span": bySpan} {
		for n, ts := range tables {
			got, want := rmt.Dump(t, rt, n, ts...), rmt.Dump(t, byEvent, n, ts...)
			for _, table := range ts {
				if got[table] != want[table] {
					t.Errorf("%s.%s: by %s differs from per event (%d vs %d bytes)", n, table, way, len(got[table]), len(want[table]))
				}
			}
		}
		if got, want := caseSummary(t, rt), caseSummary(t, byEvent); got != want {
			t.Errorf("case_summary: by %s differs from per event (%d vs %d bytes)", way, len(got), len(want))
		}
	}
}

// mustAllModels is every read model and case_summary.
func mustAllModels(tb testing.TB) []projector.Projection {
	tb.Helper()
	cs, err := casesummary.New()
	if err != nil {
		tb.Fatal(err)
	}
	return append(mustModels(tb), cs)
}

// caseSummary dumps case_summary without updated_at, which is each batch transaction's now().
func caseSummary(tb testing.TB, rt *projector.Runtime) string {
	tb.Helper()
	var s string
	err := rt.Read(context.Background(), casesummary.Name, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT coalesce(jsonb_agg(j ORDER BY j::text)::text, '[]')
			FROM (SELECT to_jsonb(t) - 'updated_at' AS j FROM case_summary t) x`).Scan(&s)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

package outbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/projections/outbox"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// Texts quote a case's tracking number, or the short id of a case older than numbers; a case
// the planner remembered before it quoted numbers gets its number when the outbox is rebuilt.
func TestTextsQuoteTheTrackingNumber(t *testing.T) {
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: 20, Seed: 3, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // case id → the reference its texts must quote
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, stream := range hist.Streams() {
		if !strings.HasPrefix(stream, cases.StreamPrefix) {
			continue
		}
		first := hist.Stream(stream)[0]
		ev, err := reg.Decode(first.Type, first.Data)
		if err != nil {
			t.Fatal(err)
		}
		s := ev.(*cases.Submitted)
		want[s.CaseID.String()] = s.TrackingNumber
		if s.TrackingNumber == "" {
			want[s.CaseID.String()] = strings.ToUpper(s.CaseID.String()[:8])
		}
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
	rt := rmt.MustRuntime(t, pool, store, planner)
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, planner.Name())
	check := func(when string) {
		t.Helper()
		refs := map[string]string{}
		rows, err := pool.Query(ctx, "SELECT case_id::text, ref FROM notify.cases")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, ref string
			if err := rows.Scan(&id, &ref); err != nil {
				t.Fatal(err)
			}
			refs[id] = ref
		}
		if rows.Err() != nil || len(refs) != len(want) {
			t.Fatalf("%s: %d cases remembered, want %d (%v)", when, len(refs), len(want), rows.Err())
		}
		numbered := 0
		for id, ref := range want {
			if refs[id] != ref {
				t.Fatalf("%s: case %s quoted as %q, want %q", when, id, refs[id], ref)
			}
			if !strings.HasPrefix(id, strings.ToLower(ref)) {
				numbered++
			}
		}
		if numbered == 0 {
			t.Fatalf("%s: no case quotes a tracking number", when)
		}
	}
	check("planned")

	// A planner from before numbers quoted every case by its short id.
	if _, err := pool.Exec(ctx, "UPDATE notify.cases SET ref = upper(left(case_id::text, 8))"); err != nil {
		t.Fatal(err)
	}
	if err := rt.RebuildMany(ctx, []string{planner.Name()}, nil); err != nil {
		t.Fatal(err)
	}
	check("after a rebuild")
}

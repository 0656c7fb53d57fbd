package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

var end = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func TestGenerateSeedsALivingCity(t *testing.T) {
	_, sum, err := demo.Generate(context.Background(), demo.Options{Cases: 400, End: end})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases, %d events, from %s; %v", sum.Cases, sum.Events, sum.From, sum.ByStatus)
	for _, st := range []cases.Status{cases.StatusIssued, cases.StatusRejected, cases.StatusWithdrawn,
		cases.StatusReturnedForDocuments, cases.StatusClosed, cases.StatusRevoked, cases.StatusExpired} {
		if sum.ByStatus[st] == 0 {
			t.Errorf("no case ends %s: %v", st, sum.ByStatus)
		}
	}
}

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestSeedThroughPostgreSQL(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	sum, err := demo.Seed(ctx, store, demo.Options{Cases: 120, End: end})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Valid.Number == "" || sum.Valid.Code == "" {
		t.Fatalf("no valid certificate among %v", sum.ByStatus)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM events").Scan(&n); err != nil || n != sum.Events {
		t.Fatalf("store holds %d events (%v), the seeder says %d", n, err, sum.Events)
	}
}

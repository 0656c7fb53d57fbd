package demo_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
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

// MustStore is an event store on a fresh PostgreSQL database.
func MustStore(tb testing.TB) (*postgres.Store, *pgxpool.Pool) {
	pool := pgtest.NewPool(tb)
	return pgstoretest.Open(tb, pool), pool
}

// TestGeneratedCityLoadsAsSeeded: the dev server generates the city in memory and loads it
// stream by stream; every stream must hold what driving the commands through PostgreSQL writes.
func TestGeneratedCityLoadsAsSeeded(t *testing.T) {
	ctx := context.Background()
	opts := demo.Options{Cases: 120, End: end}
	seeded, pool := MustStore(t)
	sum, err := demo.Seed(ctx, seeded, opts)
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
	hist, gsum, err := demo.Generate(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if gsum.Events != sum.Events || gsum.Valid != sum.Valid || gsum.Cases != sum.Cases {
		t.Fatalf("generated %d cases, %d events, valid %v; seeded %d, %d, %v", gsum.Cases, gsum.Events, gsum.Valid, sum.Cases, sum.Events, sum.Valid)
	}
	loaders := map[string]func(demo.Appender) error{
		"whole streams": func(s demo.Appender) error { return hist.AppendTo(ctx, s, 4) },
		"interleaved":   func(s demo.Appender) error { return hist.AppendInterleaved(ctx, s, 4) },
	}
	for name, load := range loaders {
		t.Run(name, func(t *testing.T) {
			loaded, loadedPool := MustStore(t)
			if err := load(loaded); err != nil {
				t.Fatal(err)
			}
			for _, stream := range hist.Streams() {
				want, err := seeded.ReadStream(ctx, stream, 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				got, err := loaded.ReadStream(ctx, stream, 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("%s: %d events loaded, %d seeded", stream, len(got), len(want))
				}
				for i, g := range got {
					w := want[i]
					if g.ID != w.ID || g.Type != w.Type || g.Revision != w.Revision || !bytes.Equal(g.Data, w.Data) || !reflect.DeepEqual(g.Metadata, w.Metadata) {
						t.Fatalf("%s revision %d: loaded %s %s %+v, seeded %s %s %+v", stream, i, g.Type, g.Data, g.Metadata, w.Type, w.Data, w.Metadata)
					}
				}
			}
			// How often the log moves from one stream to another: ~once per case for whole
			// streams, nearly every event when interleaved.
			var switches, events int
			if err := loadedPool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE stream IS DISTINCT FROM prev), count(*)
				FROM (SELECT stream, lag(stream) OVER (ORDER BY tx_id, seq) AS prev FROM events) x`).Scan(&switches, &events); err != nil {
				t.Fatal(err)
			}
			interleaved := float64(switches) > 0.8*float64(events)
			if interleaved != (name == "interleaved") {
				t.Errorf("%d stream switches in %d events", switches, events)
			}
		})
	}
}

package tlog_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// city is a database with a PostgreSQL event store, the tree projection and its checkpoints.
type city struct {
	pool  *pgxpool.Pool
	store eventstore.Store
	rt    *projector.Runtime
	log   tlog.Log
	stop  func()
}

// mustCity sets up an empty city whose tree projection runs until the test ends.
func mustCity(tb testing.TB) *city {
	tb.Helper()
	c := &city{pool: pgtest.NewPool(tb)}
	c.store = rmt.MustPostgres(tb, c.pool)
	c.start(tb)
	hist, err := tlog.OpenHistory(context.Background(), c.pool)
	if err != nil {
		tb.Fatal(err)
	}
	c.log.History = hist
	return c
}

// start runs a fresh runtime on the city's database, as a restarted process would.
func (c *city) start(tb testing.TB) {
	tb.Helper()
	c.rt = rmt.MustRuntime(tb, c.pool, c.store, tlog.New())
	c.log.Reads = c.rt
	c.stop = rmt.Start(tb, c.rt)
}

// appendEvents writes n events over a few streams, some with personal data, and waits until
// the tree holds them.
func (c *city) appendEvents(tb testing.TB, n int) {
	tb.Helper()
	for i := range n {
		stream := fmt.Sprintf("case-%d", i%7)
		data, _ := json.Marshal(map[string]any{"n": i, "personal": map[string]string{"name": fmt.Sprint("person ", i)}})
		_, err := c.store.Append(context.Background(), stream, eventstore.Any, eventstore.EventData{
			ID: uuid.New(), Type: "test.Happened.v1", Data: data, Metadata: eventstore.Metadata{ActorID: "clerk-1", ActorRole: "clerk"}})
		if err != nil {
			tb.Fatal(err)
		}
	}
	rmt.WaitCaughtUp(tb, c.rt, tlog.Name)
}

// events reads the whole log in global order.
func (c *city) events(tb testing.TB) []eventstore.RecordedEvent {
	tb.Helper()
	var all []eventstore.RecordedEvent
	var after eventstore.Position
	for {
		page, err := c.store.ReadAll(context.Background(), after, eventstore.Filter{}, 500)
		if err != nil {
			tb.Fatal(err)
		}
		if len(page) == 0 {
			return all
		}
		all, after = append(all, page...), page[len(page)-1].Position
	}
}

// referenceRoot is RFC 9162's MTH written out from its definition, independent of the code
// under test and of the merkle library's compact ranges.
func referenceRoot(leaves [][]byte) []byte {
	switch len(leaves) {
	case 0:
		h := sha256.Sum256(nil)
		return h[:]
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	h := sha256.New()
	h.Write([]byte{1})
	h.Write(referenceRoot(leaves[:k]))
	h.Write(referenceRoot(leaves[k:]))
	return h.Sum(nil)
}

// leafHashes hashes each event's leaf, as an outside verifier would.
func leafHashes(recs []eventstore.RecordedEvent) [][]byte {
	out := make([][]byte, len(recs))
	for i, r := range recs {
		out[i] = tlog.LeafHash(r)
	}
	return out
}

// testKey is a signing key made for the test.
func testKey(tb testing.TB) tlog.Key {
	tb.Helper()
	private, _, err := tlog.GenerateKey("test.shafaf.example/log")
	if err != nil {
		tb.Fatal(err)
	}
	k, err := tlog.ParseKey(private)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// fixedNow is the signer's clock in tests.
func fixedNow() time.Time { return time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC) }

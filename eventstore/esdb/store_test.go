package esdb_test

import (
	"context"
	"os"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

// MustURL is the EventStoreDB the tests use: ESDB_URL when set (make test-esdb), else an
// in-process test server for this test.
func MustURL(tb testing.TB) string {
	tb.Helper()
	if url := os.Getenv("ESDB_URL"); url != "" {
		return url
	}
	return esdbtest.Start(tb).URL()
}

// MustOpen opens a store on url, closed when the test ends.
func MustOpen(tb testing.TB, url string) *esdb.Store {
	tb.Helper()
	s, err := esdb.Open(context.Background(), url, zaptest.NewLogger(tb))
	if err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	url := MustURL(t)
	storetest.Run(t, func(t *testing.T) eventstore.Store { return MustOpen(t, url) })
}

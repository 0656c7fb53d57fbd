package esdbtest

import (
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
)

// Connect is the bare v4 client on url, quiet and closed when the test ends, for tests that
// write what the product never writes (other users' grants, system streams).
func Connect(tb testing.TB, url string) *esdb.Client {
	tb.Helper()
	cfg, err := esdb.ParseConnectionString(url)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Logger = esdb.NoopLogging()
	c, err := esdb.NewClient(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

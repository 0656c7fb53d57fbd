package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
)

// requestSeries counts the latency histogram's series in a /metrics scrape.
func requestSeries(tb testing.TB, anon client) int {
	tb.Helper()
	r := anon.get("/metrics")
	wantStatus(tb, r, http.StatusOK)
	return strings.Count(string(r.body), "shafaf_http_request_duration_seconds_count{")
}

// Clients choose methods and paths freely; /metrics must not grow a series for each.
func TestMetricsSeriesDoNotGrowWithClientInput(t *testing.T) {
	app := MustOpenApp(t)
	anon := client{tb: t, base: app.URL()}
	junk := func() {
		for range 20 {
			anon.do(fmt.Sprintf("ZZM%d", rand.Int()), "/healthz", "", nil)
			anon.get(fmt.Sprintf("/no/such/page/%d", rand.Int()))
			anon.get(fmt.Sprintf("/v1/nothing-%d", rand.Int()))
		}
	}
	junk()
	requestSeries(t, anon) // the scrape's own series
	before := requestSeries(t, anon)
	junk()
	if after := requestSeries(t, anon); after != before {
		t.Fatalf("random methods and paths grew the request series from %d to %d", before, after)
	}
}

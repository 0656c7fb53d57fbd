package pgcluster_test

import (
	"context"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// BenchmarkStartStop measures what every test package pays once: a cluster from the cached
// template, up and accepting connections, then shut down and removed.
func BenchmarkStartStop(b *testing.B) {
	pgtest.NewCluster(b, pgcluster.Options{Fast: true}) // warms the template cache outside the timing
	b.ResetTimer()
	for b.Loop() {
		c, err := pgcluster.Start(context.Background(), pgcluster.Options{Fast: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Stop(); err != nil {
			b.Fatal(err)
		}
	}
}

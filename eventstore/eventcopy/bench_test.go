package eventcopy_test

import (
	"context"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore/eventcopy"
)

// BenchmarkCopy moves a 2,000-event log from PostgreSQL to the EventStoreDB test double per
// iteration; events/s is the figure docs/deploy.md quotes for planning a migration window.
func BenchmarkCopy(b *testing.B) {
	from := MustPostgres(b)
	MustFill(b, from, 50, 20)
	n := len(readLog(b, from))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		to := MustESDB(b)
		b.StartTimer()
		if _, err := eventcopy.Copy(context.Background(), from, to, eventcopy.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}

package esdb_test

import (
	"context"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

// BenchmarkAppend appends one event per call from parallel writers, each to its own stream:
// the shape of the product's command traffic. Against the test double it measures the
// adapter and client overhead; with ESDB_URL, a real server.
func BenchmarkAppend(b *testing.B) {
	s := MustOpen(b, MustURL(b))
	b.RunParallel(func(pb *testing.PB) {
		name, expected := stream("bench"), eventstore.NoStream
		for pb.Next() {
			res, err := s.Append(context.Background(), name, expected, event("bench.Happened.v1"))
			if err != nil {
				b.Error(err)
				return
			}
			expected = eventstore.Exact(res.LastRevision)
		}
	})
}

// BenchmarkReadAll pages through a 5,000-event log in batches of 500.
func BenchmarkReadAll(b *testing.B) {
	s := MustOpen(b, MustURL(b))
	for range 50 {
		events := make([]eventstore.EventData, 100)
		for j := range events {
			events[j] = event("bench.Happened.v1")
		}
		mustAppend(b, s, stream("bench"), eventstore.NoStream, events...)
	}
	b.ResetTimer()
	for range b.N {
		var after eventstore.Position
		for {
			evs, err := s.ReadAll(context.Background(), after, eventstore.Filter{StreamPrefixes: []string{"bench-"}}, 500)
			if err != nil {
				b.Fatal(err)
			}
			if len(evs) == 0 {
				break
			}
			after = evs[len(evs)-1].Position
		}
	}
	b.ReportMetric(5000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

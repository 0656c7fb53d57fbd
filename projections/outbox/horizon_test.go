package outbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/outbox"
)

// A planner deployed on a city with a history texts nobody about events older than a day.
func TestOldEventsAreNotTexted(t *testing.T) {
	planner, err := outbox.NewPlanner("https://shafaf.example")
	if err != nil {
		t.Fatal(err)
	}
	planner.WithClock(func() time.Time { return time.Now().Add(48 * time.Hour) }) // deployed two days later
	pool := mustPlannedCity(t, 20, planner)
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM notify.deliveries WHERE channel = 'sms'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d texts queued about events two days old", n)
	}
}

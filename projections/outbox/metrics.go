package outbox

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// Collector reports the notification log to Prometheus at scrape time, read from the log
// itself so every instance reports the same figures whichever one is sending.
type Collector struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

var (
	descDeliveries = prometheus.NewDesc("shafaf_notifications",
		"Deliveries in the notification log by channel and state (queued, failed = waiting to retry, sent, dead, skipped).",
		[]string{"channel", "state"}, nil)
	descLag = prometheus.NewDesc("shafaf_notifications_lag_seconds",
		"Age of the oldest delivery still waiting to be sent.", nil, nil)
)

// NewCollector reads the log in pool.
func NewCollector(pool *pgxpool.Pool) Collector { return Collector{pool: pool, now: time.Now} }

// Describe sends the series' descriptions.
func (c Collector) Describe(ch chan<- *prometheus.Desc) { ch <- descDeliveries; ch <- descLag }

// Collect reads the figures; a database that does not answer in time drops the series.
func (c Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, lag, err := Status(ctx, c.pool, c.now())
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descDeliveries, err)
		return
	}
	for _, n := range counts {
		ch <- prometheus.MustNewConstMetric(descDeliveries, prometheus.GaugeValue, float64(n.N), string(n.Channel), n.State)
	}
	ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, lag.Seconds())
}

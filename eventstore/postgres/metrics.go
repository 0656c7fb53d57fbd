package postgres

import "github.com/prometheus/client_golang/prometheus"

var (
	descAppendStatements = prometheus.NewDesc("shafaf_eventstore_append_statements_total",
		"Batches of appends written to PostgreSQL, each as one statement in one transaction with one commit (group commit).", nil, nil)
	descAppends = prometheus.NewDesc("shafaf_eventstore_appends_total",
		"Appends written in those batches; appends over statements is the mean batch.", nil, nil)
)

// AppendStatements reports how many append statements this store has sent and how many
// appends they carried: how well concurrent appends share commits.
func (s *Store) AppendStatements() (statements, appends uint64) {
	return s.committer.statements.Load(), s.committer.appends.Load()
}

// Describe sends the series' descriptions: the store is a Prometheus collector.
func (s *Store) Describe(ch chan<- *prometheus.Desc) { ch <- descAppendStatements; ch <- descAppends }

// Collect sends the group-commit counters.
func (s *Store) Collect(ch chan<- prometheus.Metric) {
	statements, appends := s.AppendStatements()
	ch <- prometheus.MustNewConstMetric(descAppendStatements, prometheus.CounterValue, float64(statements))
	ch <- prometheus.MustNewConstMetric(descAppends, prometheus.CounterValue, float64(appends))
}

package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// keyProblemCode carries the code of the problem a request answered with, for the command
// outcome counter.
const keyProblemCode = "shafaf.problem_code"

// ProjectorStatus reports the read models' progress; the projector runtime is one.
type ProjectorStatus interface {
	Status(ctx context.Context) ([]projector.ProjectionStatus, error)
}

// Metrics holds the process's Prometheus instruments: HTTP latency per route, command outcomes
// per command, and read-model progress.
type Metrics struct {
	reg      *prometheus.Registry
	latency  *prometheus.HistogramVec
	commands *prometheus.CounterVec
}

// NewMetrics registers the instruments; projectors (the runtime's Status) is read at scrape time
// for lag and state, since lag in events costs a query per projection. more are other parts'
// collectors (the notification outbox's).
func NewMetrics(projectors ProjectorStatus, more ...prometheus.Collector) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "shafaf_http_request_duration_seconds",
			Help:    "HTTP request latency by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5}}, []string{"method", "route", "status"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "shafaf_commands_total",
			Help: "Commands by name and outcome (ok, or the problem code that refused them)."}, []string{"command", "outcome"}),
	}
	m.reg.MustRegister(m.latency, m.commands,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if projectors != nil {
		m.reg.MustRegister(projectorCollector{status: projectors})
	}
	m.reg.MustRegister(more...)
	return m
}

// Handler serves the registry in the Prometheus exposition format. A collector that fails
// (projector status timing out behind a large backlog) drops its own series, not the scrape.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// observe times every request by its route pattern (never the raw path: "unmatched" when no
// route matched), and counts command outcomes. Every label has a bounded set of values.
func (m *Metrics) observe() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := c.Writer.Status()
		m.latency.WithLabelValues(methodLabel(c.Request.Method), route, strconv.Itoa(status)).Observe(time.Since(start).Seconds())
		if c.Request.Method == http.MethodPost && strings.HasPrefix(route, "/v1/cases") {
			outcome := "ok"
			if status >= 400 {
				outcome = c.GetString(keyProblemCode)
			}
			m.commands.WithLabelValues(commandName(route), outcome).Inc()
		}
	}
}

// knownMethods are the methods that keep their own label. Any client can send any token as a
// method, so the rest share "other": a label per value would grow /metrics without bound.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true, http.MethodPatch: true,
	http.MethodDelete: true, http.MethodOptions: true, http.MethodConnect: true, http.MethodTrace: true,
}

// methodLabel is the metrics label of a request method.
func methodLabel(method string) string {
	if knownMethods[method] {
		return method
	}
	return "other"
}

// commandName is the command a route runs: its last path segment, "submit" for POST /v1/cases.
func commandName(route string) string {
	if route == "/v1/cases" {
		return "submit"
	}
	return route[strings.LastIndexByte(route, '/')+1:]
}

// projectorCollector reads projector status when Prometheus scrapes, since lag in events costs
// a query per projection.
type projectorCollector struct{ status ProjectorStatus }

var (
	lagEventsDesc  = prometheus.NewDesc("shafaf_projector_lag_events", "Events a read model has not processed yet.", []string{"projection"}, nil)
	lagSecondsDesc = prometheus.NewDesc("shafaf_projector_lag_seconds", "Age of the oldest event a read model has not processed.", []string{"projection"}, nil)
	stateDesc      = prometheus.NewDesc("shafaf_projector_state", "1 for the state a read model is in.", []string{"projection", "state"}, nil)
	processedDesc  = prometheus.NewDesc("shafaf_projector_processed_events", "Events the live generation has handled.", []string{"projection"}, nil)
	parkedDesc     = prometheus.NewDesc("shafaf_projector_parked_events", "Cases parked (one event each, the later ones of the case waiting behind it) until retry, skip or rebuild.", []string{"projection"}, nil)
)

func (p projectorCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- lagEventsDesc
	ch <- lagSecondsDesc
	ch <- stateDesc
	ch <- processedDesc
	ch <- parkedDesc
}

func (p projectorCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	all, err := p.status.Status(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(lagEventsDesc, err)
		return
	}
	for _, s := range all {
		ch <- prometheus.MustNewConstMetric(lagEventsDesc, prometheus.GaugeValue, float64(s.LagEvents), s.Name)
		ch <- prometheus.MustNewConstMetric(lagSecondsDesc, prometheus.GaugeValue, s.LagSeconds, s.Name)
		ch <- prometheus.MustNewConstMetric(stateDesc, prometheus.GaugeValue, 1, s.Name, string(s.State))
		ch <- prometheus.MustNewConstMetric(processedDesc, prometheus.CounterValue, float64(s.Processed), s.Name)
		ch <- prometheus.MustNewConstMetric(parkedDesc, prometheus.GaugeValue, float64(len(s.Parked)), s.Name)
	}
}

// observe is Metrics.observe, or nothing when the server runs without metrics.
func (s *Server) observe() gin.HandlerFunc {
	if s.cfg.Metrics == nil {
		return func(*gin.Context) {}
	}
	return s.cfg.Metrics.observe()
}

// metrics serves /metrics when the server has metrics.
func (s *Server) metrics(c *gin.Context) {
	if s.cfg.Metrics == nil {
		s.writeError(c, domain.NotFound("this server exports no metrics"))
		return
	}
	s.cfg.Metrics.Handler().ServeHTTP(c.Writer, c.Request)
}

package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// maxInFlight caps concurrent requests; past it arrivals wait, and their wait counts in their
// latency, so an overloaded server cannot hide behind a slower arrival rate.
const maxInFlight = 512

// sample is one finished request.
type sample struct {
	kind    kind
	due     time.Duration // since the phase began
	latency time.Duration
	err     error
}

// classResult is one class of requests, or one route, in one phase.
type classResult struct {
	class      string          // a class, or a route indented under its class
	latencies  []time.Duration // sorted
	failures   int
	throughput float64 // completed requests per second of the phase
	firstError string
}

// drive sends requests at a fixed arrival rate for d (open loop). Latency runs from when a
// request was due, not when it was sent, which keeps coordinated omission out of the figures.
// The results are each class's, each followed by its routes'.
func drive(ctx context.Context, rate int, d time.Duration, send func(context.Context) (kind, error)) phase {
	var mu sync.Mutex
	var samples []sample
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxInFlight)
	start := time.Now()
	interval := time.Second / time.Duration(rate)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if due.Sub(start) >= d || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Until(due))
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			k, err := send(ctx)
			s := sample{kind: k, due: due.Sub(start), latency: time.Since(due), err: err}
			mu.Lock()
			samples = append(samples, s)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	// A route sorts under its class: "command" < "command  POST …" < "query".
	byName := map[string]*classResult{}
	add := func(name string, s sample) {
		r := byName[name]
		if r == nil {
			r = &classResult{class: name}
			byName[name] = r
		}
		r.latencies = append(r.latencies, s.latency)
		if s.err != nil {
			r.failures++
			if r.firstError == "" {
				r.firstError = s.err.Error()
			}
		}
	}
	for _, s := range samples {
		add(s.kind.class, s)
		if s.kind.route != "" {
			add(s.kind.class+"  "+s.kind.route, s)
		}
	}
	out := make([]classResult, 0, len(byName))
	for _, r := range byName {
		slices.Sort(r.latencies)
		r.throughput = float64(len(r.latencies)) / elapsed
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].class < out[j].class })
	return phase{results: out, worst: worstSeconds(samples, 5)}
}

// phase is what drive measured: each class and route, and the seconds with the slowest
// requests (where the tail comes from: spread out, or a few stalls).
type phase struct {
	results []classResult
	worst   []second
}

// second is the requests due in one second of a phase.
type second struct {
	at       int // seconds since the phase began
	requests int
	p99, max time.Duration
}

// worstSeconds are the n seconds of samples whose slowest request was slowest, in time order.
func worstSeconds(samples []sample, n int) []second {
	bySecond := map[int][]time.Duration{}
	for _, s := range samples {
		at := int(s.due / time.Second)
		bySecond[at] = append(bySecond[at], s.latency)
	}
	all := make([]second, 0, len(bySecond))
	for at, ls := range bySecond {
		slices.Sort(ls)
		all = append(all, second{at: at, requests: len(ls), p99: quantile(ls, .99), max: ls[len(ls)-1]})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].max > all[j].max })
	all = all[:min(n, len(all))]
	sort.Slice(all, func(i, j int) bool { return all[i].at < all[j].at })
	return all
}

func reportWorst(w io.Writer, worst []second) {
	fmt.Fprint(w, "slowest seconds of the phase (second: p99 / max of the requests due in it):")
	for _, s := range worst {
		fmt.Fprintf(w, " %ds: %s / %s;", s.at, ms(s.p99), ms(s.max))
	}
	fmt.Fprintln(w)
}

// requests counts the requests of results' classes (not their routes again).
func requests(results []classResult) int {
	n := 0
	for _, r := range results {
		if !strings.Contains(r.class, " ") {
			n += len(r.latencies)
		}
	}
	return n
}

// quantile is the q-th latency of sorted (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

func report(w io.Writer, rate int, results []classResult) {
	fmt.Fprintf(w, "\n%-40s %8s %8s %9s %9s %9s %9s %8s\n", "class", "requests", "failed", "p50", "p95", "p99", "max", "req/s")
	for _, r := range results {
		fmt.Fprintf(w, "%-40s %8d %8d %9s %9s %9s %9s %8.1f\n", r.class, len(r.latencies), r.failures,
			ms(quantile(r.latencies, .50)), ms(quantile(r.latencies, .95)), ms(quantile(r.latencies, .99)),
			ms(quantile(r.latencies, 1)), r.throughput)
	}
	for _, r := range results {
		if r.firstError != "" && !strings.Contains(r.class, " ") {
			fmt.Fprintf(w, "first %s failure: %s\n", r.class, r.firstError)
		}
	}
	fmt.Fprintf(w, "goals at %d req/s: query p99 ≤ 20 ms, command p99 ≤ 50 ms\n", rate)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

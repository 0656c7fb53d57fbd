// Command loadgen measures the API under realistic mixed traffic: 70 % queries and 30 %
// commands at a fixed arrival rate over a seeded city, beside a bare gin handler driven the
// same way in the same run, and prints p50/p95/p99, throughput and the server's peak RSS.
//
//	loadgen -spawn bin/shafaf -cases 100000          # start `shafaf dev`, seed, measure
//	loadgen -url http://127.0.0.1:8080 -dev-key .shafaf/dev-token.key   # a running dev server
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// options are the command line.
type options struct {
	spawn    string // a shafaf binary to start in dev mode; empty: use url
	dataDir  string // the spawned server's data dir
	url      string
	devKey   string
	cases    int
	rates    []int
	duration time.Duration
	warmup   time.Duration
	fast     bool
	profile  string // CPU profile of this process over the API phases
}

func parse() options {
	var o options
	flag.StringVar(&o.spawn, "spawn", "", "start this shafaf binary as `shafaf dev` on a fresh throwaway cluster")
	flag.StringVar(&o.dataDir, "data-dir", "", "data directory of the spawned server (a temporary one by default)")
	flag.StringVar(&o.url, "url", "", "base URL of a running dev server (instead of -spawn)")
	flag.StringVar(&o.devKey, "dev-key", "", "the running dev server's dev-token.key, to mint tokens")
	flag.IntVar(&o.cases, "cases", 100_000, "cases of the demo city seeded into a spawned server")
	rates := flag.String("rate", "500", "requests per second, arriving at a fixed rate; a comma-separated list runs each in turn")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long each measured phase lasts")
	flag.DurationVar(&o.warmup, "warmup", 10*time.Second, "unmeasured traffic before the API phase")
	flag.BoolVar(&o.fast, "fast", false, "run the spawned cluster without fsync (quick trials only: commands look cheaper)")
	flag.StringVar(&o.profile, "cpuprofile", "", "write this load generator's own CPU profile over the API phase to `file` (file.RATE for each of several rates)")
	flag.Parse()
	for r := range strings.SplitSeq(*rates, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(r))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "loadgen: -rate %q: want positive whole numbers\n", *rates)
			os.Exit(2)
		}
		o.rates = append(o.rates, n)
	}
	return o
}

func run(ctx context.Context) error {
	o := parse()
	var srv *server
	var err error
	if o.spawn != "" {
		if srv, err = spawn(ctx, o); err != nil {
			return err
		}
		defer srv.stop()
	} else if srv, err = attach(o); err != nil {
		return err
	}
	traffic, err := newTraffic(ctx, srv)
	if err != nil {
		return err
	}
	fmt.Printf("city: %d cases sampled for queries; %s per phase\n", len(traffic.caseIDs), o.duration)
	base, closeBase, err := startBaseline()
	if err != nil {
		return err
	}
	defer closeBase()
	for _, rate := range o.rates {
		fmt.Printf("\n%d req/s: bare gin handler, warm-up, then the API (70 %% queries, 30 %% commands)\n", rate)
		baseRes := drive(ctx, rate, o.duration, func(ctx context.Context) (kind, error) { return kind{class: "baseline"}, getOK(ctx, base) }).results
		drive(ctx, rate, o.warmup, traffic.next)
		if srv.pg != nil {
			if err := srv.pg.reset(ctx); err != nil {
				return err
			}
		}
		stopProfile, err := startProfile(o.profile, rate, len(o.rates) > 1)
		if err != nil {
			return err
		}
		before, start := srv.cpu.read(), time.Now()
		api := drive(ctx, rate, o.duration, traffic.next)
		after, seconds := srv.cpu.read(), time.Since(start).Seconds()
		stopProfile()
		report(os.Stdout, rate, append(baseRes, api.results...))
		reportWorst(os.Stdout, api.worst)
		srv.cpu.report(os.Stdout, before, after, seconds, requests(api.results))
		if srv.pg != nil {
			if err := srv.pg.top(ctx, os.Stdout, 10, requests(api.results)); err != nil {
				return err
			}
		}
	}
	rss, what, err := srv.rss(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("server %s: %.1f MB (goal ≤ 200 MB)\n", what, float64(rss)/(1<<20))
	return nil
}

// startProfile profiles this process's CPU into path, or into path.RATE when several rates
// run; nothing when path is empty.
func startProfile(path string, rate int, several bool) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	if several {
		path += "." + strconv.Itoa(rate)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}

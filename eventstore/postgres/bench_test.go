package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/cpustat"
	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

// benchRounds alternate store and pgbench, so that a machine whose speed drifts (a shared VM)
// moves both figures of a pair alike and their ratio stays meaningful.
const benchRounds = 3

// benchRoundTime is how long each side of a pair runs; SHAFAF_BENCH_ROUND overrides it.
func benchRoundTime(b *testing.B) time.Duration {
	d := 10 * time.Second
	if s := os.Getenv("SHAFAF_BENCH_ROUND"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			b.Fatal(err)
		}
	}
	return d
}

// BenchmarkAppendAgainstInsert measures the store's appends beside the cheapest durable write,
// pgbench's single-row INSERT of the same payload into a table with only an identity key, on
// one database of the durable (fsync on) cluster, in alternating rounds: 1 writer, and 16
// writers on a pool of 18 with the store's default number of statements in flight
// (WithWriters) and with 9 (half the pool, the former default). Appends go through the public
// API as command handlers make them: each writer writes 3-event case histories, one event per
// append, at exact expected revisions (no stream, 0, 1). Each pair is printed with its ratio
// and the machine's CPU time per event (client and server together, from /proc/stat); the
// metrics are the medians of the rounds.
//
// SHAFAF_BENCH_PIN=1 pins the server's processes to CPU 0 and this process (and so pgbench) to
// the others: the database then has a core of its own, as on a database host, instead of
// sharing both with the client.
func BenchmarkAppendAgainstInsert(b *testing.B) {
	cluster := pgtest.DurableCluster(b)
	dsn := mustBenchDB(b, cluster)
	if os.Getenv("SHAFAF_BENCH_PIN") == "1" {
		pinServerApart(b, cluster)
	}
	payload := benchPayload(b)
	script := filepath.Join(b.TempDir(), "insert.sql")
	insert := "INSERT INTO raw_events (data) VALUES ('" + strings.ReplaceAll(string(payload), "'", "''") + "');\n"
	if err := os.WriteFile(script, []byte(insert), 0o644); err != nil {
		b.Fatal(err)
	}
	round := benchRoundTime(b)
	for _, c := range []struct {
		writers, inFlight int // 0: the store's default
	}{{1, 0}, {16, 0}, {16, 9}} {
		name := fmt.Sprintf("writers=%d", c.writers)
		if c.inFlight > 0 {
			name += fmt.Sprintf("/in-flight=%d", c.inFlight)
		}
		b.Run(name, func(b *testing.B) {
			cfg, err := pgxpool.ParseConfig(dsn)
			if err != nil {
				b.Fatal(err)
			}
			cfg.MaxConns = int32(c.writers + 2)
			pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(pool.Close)
			var opts []postgres.Option
			if c.inFlight > 0 {
				opts = append(opts, postgres.WithWriters(c.inFlight))
			}
			store := mustStore(b, pool, opts...)
			var appends, inserts, ratios []float64
			for r := range benchRounds {
				cpu0 := cpuSeconds(b)
				statements0, appends0 := store.AppendStatements()
				a := appendHistories(b, store, payload, c.writers, round)
				statements1, appends1 := store.AppendStatements()
				cpu1 := cpuSeconds(b)
				i := runPgbench(b, cluster, script, c.writers, round)
				cpu2 := cpuSeconds(b)
				appends, inserts, ratios = append(appends, a), append(inserts, i), append(ratios, a/i)
				fmt.Printf("append/insert %s round %d: store %.0f events/s (%.1f appends a statement), pgbench %.0f tx/s, %.0f %%; machine CPU %.0f µs an event, %.0f µs an insert (load average %s)\n",
					name, r+1, a, float64(appends1-appends0)/float64(statements1-statements0), i, 100*a/i,
					1e6*(cpu1-cpu0)/(a*round.Seconds()), 1e6*(cpu2-cpu1)/(i*round.Seconds()), loadAverage())
			}
			b.ReportMetric(median(appends), "events/s")
			b.ReportMetric(median(inserts), "insert-tx/s")
			b.ReportMetric(100*median(ratios), "%-of-insert")
		})
	}
}

// cpuSeconds is the busy time of all the machine's CPUs so far, in seconds.
func cpuSeconds(b *testing.B) float64 {
	b.Helper()
	busy, err := cpustat.MachineBusy()
	if err != nil {
		b.Fatal(err)
	}
	return busy
}

// pinServerApart gives the cluster's postmaster and its running processes CPU 0 (backends
// forked later inherit it) and this process's threads the other CPUs (pgbench inherits them).
func pinServerApart(b *testing.B, cluster *pgcluster.Cluster) {
	b.Helper()
	if runtime.NumCPU() < 2 {
		b.Fatal("SHAFAF_BENCH_PIN needs two CPUs")
	}
	raw, err := os.ReadFile(filepath.Join(cluster.DataDir(), "postmaster.pid"))
	if err != nil {
		b.Fatal(err)
	}
	postmaster := strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0])
	pids := []string{postmaster}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // not a process, or gone
		}
		// The parent's pid is the second field after the command name, which may hold spaces.
		s := string(stat)
		if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 1 && f[1] == postmaster {
			pids = append(pids, e.Name())
		}
	}
	pin := func(cpus, pid string) {
		if out, err := exec.Command("taskset", "-a", "-p", "-c", cpus, pid).CombinedOutput(); err != nil {
			b.Fatalf("taskset %s %s: %v\n%s", cpus, pid, err, out)
		}
	}
	for _, pid := range pids {
		pin("0", pid)
	}
	pin(fmt.Sprintf("1-%d", runtime.NumCPU()-1), strconv.Itoa(os.Getpid()))
	fmt.Printf("pinned %d server processes to CPU 0, the benchmark to the others\n", len(pids))
}

// appendHistories has writers append 3-event case histories for d and returns events/s.
func appendHistories(b *testing.B, store eventstore.Store, payload json.RawMessage, writers int, d time.Duration) float64 {
	b.Helper()
	var events atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := time.Now()
	deadline := start.Add(d)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for time.Now().Before(deadline) {
				stream := "case-" + uuid.NewString()
				for i, expected := range []eventstore.ExpectedRevision{eventstore.NoStream, eventstore.Exact(0), eventstore.Exact(1)} {
					_, err := store.Append(ctx, stream, expected, eventstore.EventData{
						ID: uuid.New(), Type: "case.Submitted.v1", Data: payload,
						Metadata: eventstore.Metadata{ActorID: "citizen-" + strconv.Itoa(i), ActorRole: "applicant",
							CorrelationID: uuid.NewString(), RequestID: uuid.NewString()},
					})
					if err != nil {
						errs <- err
						return
					}
					events.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return float64(events.Load()) / elapsed.Seconds()
}

var tpsLine = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// runPgbench runs the INSERT script from clients connections for d and returns its tx/s.
func runPgbench(b *testing.B, cluster *pgcluster.Cluster, script string, clients int, d time.Duration) float64 {
	b.Helper()
	cmd := exec.Command(cluster.Program("pgbench"), "-n", "-M", "prepared", "-f", script,
		"-c", strconv.Itoa(clients), "-j", strconv.Itoa(min(clients, 2)), "-T", strconv.Itoa(int(d.Seconds())),
		"-h", "127.0.0.1", "-p", strconv.Itoa(cluster.Port()), "-U", "postgres", "bench")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("pgbench: %v\n%s", err, out)
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		b.Fatalf("pgbench printed no tps:\n%s", out)
	}
	tps, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		b.Fatal(err)
	}
	return tps
}

// mustBenchDB creates the benchmark database on cluster once per process: the store's tables
// and the raw table, whose payload column has the type of the store's.
func mustBenchDB(b *testing.B, cluster *pgcluster.Cluster) string {
	b.Helper()
	benchDB.once.Do(func() {
		ctx := context.Background()
		benchDB.dsn = cluster.DSN("bench")
		if benchDB.err = cluster.CreateDatabase(ctx, "bench"); benchDB.err != nil {
			return
		}
		pool, err := pgxpool.New(ctx, benchDB.dsn)
		if err != nil {
			benchDB.err = err
			return
		}
		defer pool.Close()
		if benchDB.err = postgres.Migrate(ctx, pool); benchDB.err != nil {
			return
		}
		_, benchDB.err = pool.Exec(ctx, "CREATE TABLE raw_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data json NOT NULL)")
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	return benchDB.dsn
}

var benchDB struct {
	once sync.Once
	dsn  string
	err  error
}

// loadAverage is the machine's 1, 5 and 15 minute load average, printed beside each figure.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(raw))[:3], " ")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// benchPayload is a realistic building-permit submission of about 600 bytes.
func benchPayload(b *testing.B) json.RawMessage {
	b.Helper()
	payload, err := json.Marshal(map[string]any{
		"case_id":      uuid.NewString(),
		"service":      "building-permit",
		"submitted_on": "1405-03-12",
		"parcel":       map[string]any{"registry_plate": "4512/87", "district": 6, "zone": "R2-residential", "area_m2": 312.5},
		"project": map[string]any{
			"kind": "new-construction", "floors": 4, "units": 8, "gross_area_m2": 1180.0, "parking_spaces": 8,
			"description": "Four-storey residential building with underground parking on a corner plot.",
		},
		"documents": []map[string]any{
			{"kind": "deed", "file_id": uuid.NewString(), "pages": 3},
			{"kind": "architectural-plan", "file_id": uuid.NewString(), "pages": 14},
			{"kind": "structural-calculation", "file_id": uuid.NewString(), "pages": 22},
		},
		"engineer": map[string]any{"license_no": "1-23-4567", "discipline": "civil"},
	})
	if err != nil {
		b.Fatal(err)
	}
	return payload
}

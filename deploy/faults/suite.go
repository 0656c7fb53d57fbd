package faults

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/localserve"
)

// Settings size a run of the suite.
type Settings struct {
	Injections int           // faults injected per scenario
	Between    time.Duration // load after each recovery before the next fault
	// RecoveryLimit is the stated bound: a server that has not acknowledged a command this
	// long after a fault has not recovered by itself.
	RecoveryLimit time.Duration
	Workers       int
}

// Suite is a built binary and a database cluster of its own.
type Suite struct {
	dir  string
	bin  string
	db   *database
	keys localserve.Keys
	set  Settings
}

// Start builds the shafaf binary and starts the suite's cluster under dir.
func Start(ctx context.Context, dir string, set Settings) (*Suite, error) {
	s := &Suite{dir: dir, bin: filepath.Join(dir, "shafaf"), set: set}
	build := exec.CommandContext(ctx, "go", "build", "-o", s.bin, "github.com/shafaf-city/shafaf/cmd/shafaf")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build shafaf: %v\n%s", err, out)
	}
	var err error
	if s.keys, err = localserve.NewKeys(dir); err != nil {
		return nil, err
	}
	if s.db, err = startDatabase(ctx, dir); err != nil {
		return nil, err
	}
	return s, nil
}

// Close stops the cluster.
func (s *Suite) Close() error { return s.db.stop() }

// Result is one row of the results table.
type Result struct {
	Fault        string
	Injections   int
	Acknowledged int
	Lost         int
	Duplicated   int
	Recovery     []time.Duration // one per fault recovered from within the limit
	Unrecovered  int             // faults not recovered from within the limit
	Problems     []string        // everything the checker found, lost and duplicated included
}

// Passed tells whether the scenario found nothing wrong.
func (r Result) Passed() bool { return len(r.Problems) == 0 }

// run is one scenario in progress: its database, replicas, load and ledger.
type run struct {
	suite    *Suite
	name     string
	dsn      string
	replicas []*replica
	load     *load
	ledger   *ledger
	observer *observer
}

// Run plays scenario sc: load, the fault injected and recovered from Injections times, then
// the checks.
func (s *Suite) Run(ctx context.Context, sc Scenario) (Result, error) {
	res := Result{Fault: sc.Name}
	r, err := s.open(ctx, sc)
	if err != nil {
		return res, err
	}
	defer r.close()
	loadCtx, stopLoad := context.WithCancel(ctx)
	loaded := make(chan struct{})
	go func() { r.load.run(loadCtx, drainFor, s.set.Workers); close(loaded) }()
	err = r.inject(ctx, sc, &res)
	stopLoad()
	<-loaded
	if err != nil {
		return res, err
	}
	return res, r.check(ctx, &res)
}

// drainFor is how long a command in flight when the load stops is still retried: past the
// minute after which an unfinished Idempotency-Key counts as abandoned.
const drainFor = 3 * time.Minute

// inject breaks the system Injections times under load and measures each recovery.
func (r *run) inject(ctx context.Context, sc Scenario, res *Result) error {
	set := r.suite.set
	if err := sleep(ctx, jittered(set.Between)); err != nil {
		return err
	}
	measure := r.recovered
	if sc.Recovery != nil {
		measure = func(ctx context.Context, at time.Time) (time.Duration, error) { return sc.Recovery(ctx, r, at) }
	}
	for i := range set.Injections {
		at, finish, err := sc.Inject(ctx, r, i)
		if err != nil {
			return fmt.Errorf("%s, fault %d: %w", sc.Name, i+1, err)
		}
		d, err := measure(ctx, at)
		switch {
		case errors.Is(err, errNotRecovered):
			res.Unrecovered++
			res.Problems = append(res.Problems, fmt.Sprintf("fault %d: %v", i+1, err))
		case err != nil:
			return fmt.Errorf("%s, fault %d: %w", sc.Name, i+1, err)
		default:
			res.Recovery = append(res.Recovery, d)
		}
		if err := sleep(ctx, jittered(set.Between)); err != nil {
			return err
		}
		if finish != nil {
			if err := finish(); err != nil {
				return fmt.Errorf("%s, fault %d: %w", sc.Name, i+1, err)
			}
		}
		res.Injections++
	}
	return nil
}

// check holds the ledger against the store and the read model against the streams.
func (r *run) check(ctx context.Context, res *Result) error {
	streams, err := r.observer.streams(ctx)
	if err != nil {
		return err
	}
	v := judge(r.ledger, streams)
	res.Acknowledged, res.Lost, res.Duplicated = v.acknowledged, v.lost, v.duplicated
	res.Problems = append(res.Problems, v.problems...)
	res.Problems = append(res.Problems, r.observer.converged(ctx, streams, r.suite.set.RecoveryLimit)...)
	res.Problems = append(res.Problems, r.observer.equalsRebuild(ctx, r.suite.bin, r.dsn, streams)...)
	return nil
}

// open makes the scenario's database and starts its replicas and observer.
func (s *Suite) open(ctx context.Context, sc Scenario) (*run, error) {
	name := "faults_" + strings.ReplaceAll(sc.Name, "-", "_")
	if err := s.db.cluster.CreateDatabase(ctx, name); err != nil {
		return nil, err
	}
	r := &run{suite: s, name: sc.Name, dsn: s.db.cluster.DSN(name), ledger: newLedger()}
	env := append([]string{"DATABASE_URL=" + r.dsn}, s.keys.Env()...)
	var urls []string
	for i := range max(1, sc.Replicas) {
		rep, err := newReplica(fmt.Sprintf("%s-%d", sc.Name, i+1), s.bin, s.dir, env)
		if err == nil {
			err = rep.start(ctx)
		}
		if err != nil {
			r.close()
			return nil, err
		}
		r.replicas = append(r.replicas, rep)
		urls = append(urls, rep.url())
	}
	token, err := s.keys.Token("clerk", "faults-clerk", "district-1")
	if err != nil {
		r.close()
		return nil, err
	}
	r.load = newLoad(urls, token, sc.Name, r.ledger)
	if r.observer, err = openObserver(ctx, r.dsn); err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *run) close() {
	for _, rep := range r.replicas {
		_ = rep.stop()
	}
	if r.observer != nil {
		r.observer.close()
	}
}

// recovered waits for the first command sent after at to be acknowledged.
func (r *run) recovered(ctx context.Context, at time.Time) (time.Duration, error) {
	limit := r.suite.set.RecoveryLimit
	for {
		if d, ok := r.ledger.recovery(at); ok {
			return d, nil
		}
		if time.Since(at) > limit {
			return 0, fmt.Errorf("%w: no command acknowledged within %s of the fault", errNotRecovered, limit)
		}
		if err := sleep(ctx, 20*time.Millisecond); err != nil {
			return 0, err
		}
	}
}

// admin runs fn on a connection to the scenario's database that is not the server's.
func (r *run) admin(ctx context.Context, fn func(*pgx.Conn) error) error {
	conn, err := pgx.Connect(ctx, r.dsn+"&application_name="+observerApp)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return fn(conn)
}

// jittered is d plus up to two seconds at random, so that faults do not fall in step with the
// servers' periodic work (a standby tries to take a projection's lock every 2 s): with fixed
// gaps the takeover time came out the same, by phase, in every run.
func jittered(d time.Duration) time.Duration { return d + rand.N(2*time.Second) }

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// errNotRecovered: the system did not recover from a fault within the stated limit.
var errNotRecovered = errors.New("not recovered")

package faults

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// Scenario is one kind of fault.
type Scenario struct {
	Name     string
	What     string // what the fault does, for the report
	Replicas int    // shafaf serve processes on the database (1 unless said)
	// Inject breaks something during the load and returns when recovery starts to count;
	// finish, when not nil, runs after the load has gone on for a while (e.g. a restart).
	Inject func(ctx context.Context, r *run, i int) (at time.Time, finish func() error, err error)
	// Recovery measures how long the system took to recover from the fault at at; nil means
	// until the first command sent after it is acknowledged.
	Recovery func(ctx context.Context, r *run, at time.Time) (time.Duration, error)
}

// dbOutage is how long the database stays down in the PostgreSQL scenario.
const dbOutage = 2 * time.Second

// Scenarios are the faults of the suite, in the order it runs them.
var Scenarios = []Scenario{
	{
		Name: "kill-server",
		What: "SIGKILL of the `shafaf serve` process under load; the suite restarts it at once on the same address",
		Inject: func(ctx context.Context, r *run, _ int) (time.Time, func() error, error) {
			rep := r.replicas[0]
			if err := rep.kill(); err != nil {
				return time.Time{}, nil, err
			}
			at := time.Now()
			return at, nil, rep.start(ctx)
		},
	},
	{
		Name: "kill-before-key-done",
		What: "a database trigger holds the `UPDATE … SET done = true` of one marked submit's Idempotency-Key " +
			"after its events are appended; the server is SIGKILLed while it waits, restarted, and the client retries the same key",
		Inject: killBeforeKeyDone,
	},
	{
		Name: "postgres-crash",
		What: fmt.Sprintf("PostgreSQL stopped in immediate mode (SIGQUIT to the postmaster, as `pg_ctl stop -m immediate`), "+
			"restarted %s later; Shafaf is not restarted. Recovery counts from the database being back", dbOutage),
		Inject: func(ctx context.Context, r *run, _ int) (time.Time, func() error, error) {
			if err := r.suite.db.crash(); err != nil {
				return time.Time{}, nil, err
			}
			if err := sleep(ctx, dbOutage); err != nil {
				return time.Time{}, nil, err
			}
			err := r.suite.db.restart(ctx)
			return time.Now(), nil, err
		},
	},
	{
		Name: "terminate-backends",
		What: "`pg_terminate_backend` of every connection Shafaf holds (pool, listeners, projection locks)",
		Inject: func(ctx context.Context, r *run, _ int) (time.Time, func() error, error) {
			var n int
			err := r.admin(ctx, func(c *pgx.Conn) error {
				return c.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
					WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1`, observerApp).Scan(&n)
			})
			if err == nil && n == 0 {
				err = fmt.Errorf("no Shafaf connection to terminate")
			}
			return time.Now(), nil, err
		},
	},
	{
		Name:     "kill-projection-leader",
		What:     "two `shafaf serve` replicas on one database; the one holding case_summary's projection lock is SIGKILLed. Recovery is the survivor's takeover of the projection",
		Replicas: 2,
		Inject: func(ctx context.Context, r *run, _ int) (time.Time, func() error, error) {
			leader, err := r.leader(ctx)
			if err != nil {
				return time.Time{}, nil, err
			}
			if err := leader.kill(); err != nil {
				return time.Time{}, nil, err
			}
			// Restarted later, it stands by: the next fault kills whichever took over.
			return time.Now(), func() error { return leader.start(ctx) }, nil
		},
		Recovery: func(ctx context.Context, r *run, at time.Time) (time.Duration, error) {
			if _, err := r.leader(ctx); err != nil {
				return 0, err
			}
			return time.Since(at), nil
		},
	},
}

// leader is the running replica that holds case_summary's lock, waiting for one to take it.
func (r *run) leader(ctx context.Context) (*replica, error) {
	deadline := time.Now().Add(r.suite.set.RecoveryLimit)
	for time.Now().Before(deadline) {
		st, err := r.observer.runtime.Status(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range st {
			for _, rep := range r.replicas {
				if s.Name == casesummary.Name && rep.cmd != nil && s.Holder == rep.holderID() {
					return rep, nil
				}
			}
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: no replica took case_summary's lock within %s", errNotRecovered, r.suite.set.RecoveryLimit)
}

// blockCompletion makes the completion of a marked key (one with "-blocked-" in it) sleep
// for an hour inside its UPDATE, after the command's events are committed.
const blockCompletion = `
CREATE FUNCTION faults_block_completion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(3600); RETURN NEW; END $$;
CREATE TRIGGER faults_block_completion BEFORE UPDATE ON idempotency_keys FOR EACH ROW
	WHEN (NEW.done AND NOT OLD.done AND NEW.key LIKE '%-blocked-%') EXECUTE FUNCTION faults_block_completion();`

const unblockCompletion = `DROP TRIGGER faults_block_completion ON idempotency_keys; DROP FUNCTION faults_block_completion();`

// killBeforeKeyDone kills the server between a submit's append and the completion of its
// Idempotency-Key: deterministic, where a kill under load only sometimes lands there.
func killBeforeKeyDone(ctx context.Context, r *run, i int) (time.Time, func() error, error) {
	if err := r.admin(ctx, func(c *pgx.Conn) error { _, err := c.Exec(ctx, blockCompletion); return err }); err != nil {
		return time.Time{}, nil, err
	}
	key := fmt.Sprintf("%s-blocked-%d", r.name, i+1)
	r.ledger.issue(key, "submit")
	retried := make(chan struct{})
	go func() {
		// The client of this submit never hears its first answer and retries the same key
		// until it is acknowledged, as long as the load's drain allows.
		drain, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		r.load.sendKeyed(drain, key, submitCase())
		close(retried)
	}()
	var blocked int
	err := r.admin(ctx, func(c *pgx.Conn) error {
		deadline := time.Now().Add(r.suite.set.RecoveryLimit)
		for blocked == 0 {
			err := c.QueryRow(ctx, `SELECT coalesce(max(pid), 0) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event = 'PgSleep'`).Scan(&blocked)
			if err != nil {
				return err
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the completion of %s never reached the trigger", key)
			}
			time.Sleep(10 * time.Millisecond)
		}
		return nil
	})
	if err != nil {
		return time.Time{}, nil, err
	}
	rep := r.replicas[0]
	if err := rep.kill(); err != nil {
		return time.Time{}, nil, err
	}
	at := time.Now()
	// The dead process's backend would sleep on; end it as the database would once it noticed
	// the client gone. Its transaction, the completion, rolls back: the key stays unfinished.
	err = r.admin(ctx, func(c *pgx.Conn) error {
		if _, err := c.Exec(ctx, "SELECT pg_terminate_backend($1)", blocked); err != nil {
			return err
		}
		_, err := c.Exec(ctx, unblockCompletion)
		return err
	})
	if err == nil {
		err = rep.start(ctx)
	}
	return at, func() error {
		select {
		case <-retried:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, err
}

// Package faults is the fault-injection suite (`make test-faults`): it runs the real shafaf
// binary on a PostgreSQL cluster of its own, drives it with retried, keyed commands, breaks the
// processes and the database underneath, and checks that nothing acknowledged was lost or
// duplicated and that the read models still agree with the streams.
package faults

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
)

// database is the suite's own PostgreSQL: one it may crash and start again on the same port and
// data, which a cluster shared with other tests must never be.
type database struct {
	dataDir string
	port    int
	cluster *pgcluster.Cluster
}

// startDatabase starts a durable cluster keeping its data under dir. Not Fast: its
// synchronous_commit=off acknowledges a commit before its WAL is written, and an immediate
// stop then loses it, which the checker rightly reports as lost commands.
func startDatabase(ctx context.Context, dir string) (*database, error) {
	// The cluster runs as user postgres when we are root; it must be able to enter dir.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	d := &database{dataDir: filepath.Join(dir, "pg")}
	if err := d.start(ctx); err != nil {
		return nil, err
	}
	d.port = d.cluster.Port()
	return d, nil
}

func (d *database) start(ctx context.Context) error {
	c, err := pgcluster.Start(ctx, pgcluster.Options{DataDir: d.dataDir, Port: d.port})
	if err != nil {
		return err
	}
	d.cluster = c
	return nil
}

// crash stops the server as `pg_ctl stop -m immediate` does, by sending the postmaster
// SIGQUIT: every session is cut, nothing is checkpointed, and the next start recovers from WAL.
// (pg_ctl itself refuses to run as root, which the suite may be.)
func (d *database) crash() error {
	b, err := os.ReadFile(filepath.Join(d.dataDir, "postmaster.pid"))
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return fmt.Errorf("postmaster.pid: %w", err)
	}
	if err := syscall.Kill(pid, syscall.SIGQUIT); err != nil {
		return err
	}
	return d.cluster.Stop() // waits for the postmaster to exit; the data dir is ours and stays
}

// restart starts the crashed server again on its port and data.
func (d *database) restart(ctx context.Context) error { return d.start(ctx) }

// stop shuts the server down for good.
func (d *database) stop() error { return d.cluster.Stop() }

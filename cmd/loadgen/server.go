package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/shafaf-city/shafaf/deploy/localserve"
	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// server is the API under test and how to mint tokens it accepts.
type server struct {
	url   string
	token func(role, sub, department string) (string, error)
	// rss reports the server's memory and what the figure means.
	rss func(ctx context.Context) (uint64, string, error)
	// pg reads the spawned cluster's statement statistics; nil for an attached server.
	pg   *pgStats
	cpu  cpuMeter
	stop func()
}

// spawn starts a PostgreSQL cluster, seeds the demo city straight into its event store, and
// runs `shafaf serve` on it as production would: JSON logs, ES256 tokens from a public key.
func spawn(ctx context.Context, o options) (*server, error) {
	dir, cleanup := o.dataDir, func() {}
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "shafaf-loadgen-"); err != nil {
			return nil, err
		}
		cleanup = func() { _ = os.RemoveAll(dir) }
	}
	// The cluster runs as user postgres when we are root; it must be able to enter dir.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{DataDir: filepath.Join(dir, "pg"), Fast: o.fast, Settings: pgStatsSettings})
	if err != nil {
		return nil, err
	}
	s := &server{stop: func() { _ = cluster.Stop(); cleanup() }}
	if err := cluster.CreateDatabase(ctx, "shafaf"); err != nil {
		s.stop()
		return nil, err
	}
	dsn := cluster.DSN("shafaf")
	if err := seed(ctx, dsn, o.cases); err != nil {
		s.stop()
		return nil, err
	}
	if s.pg, err = openPgStats(ctx, dsn); err != nil {
		s.stop()
		return nil, err
	}
	stopBare := s.stop
	s.stop = func() { s.pg.close(); stopBare() }
	keys, err := localserve.NewKeys(dir)
	if err != nil {
		s.stop()
		return nil, err
	}
	s.token = keys.Token
	cmd := exec.CommandContext(ctx, o.spawn, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dsn), keys.Env()...)
	cmd.Stderr = io.Discard // the JSON request log: written, as in production, and not read
	out, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	stopCluster := s.stop
	s.stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		stopCluster()
	}
	if s.url, err = localserve.ServingURL(out); err != nil {
		s.stop()
		return nil, err
	}
	pid := cmd.Process.Pid
	s.cpu = cpuMeter{server: pid, postmaster: postmasterPID(cluster.DataDir())}
	s.rss = func(context.Context) (uint64, string, error) { return peakRSS(pid) }
	fmt.Printf("server: %s (pid %d); waiting for the read models to catch up…\n", s.url, cmd.Process.Pid)
	if err := s.waitCaughtUp(ctx); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// postmasterPID is the first line of the cluster's postmaster.pid; 0 when unreadable, and
// the database's CPU is then not split out.
func postmasterPID(dataDir string) int {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	return pid
}

// attach uses a running `shafaf dev`, minting tokens with its dev signing key.
func attach(o options) (*server, error) {
	if o.url == "" || o.devKey == "" {
		return nil, errors.New("give -spawn BINARY, or -url and -dev-key of a running `shafaf dev`")
	}
	b, err := os.ReadFile(o.devKey)
	if err != nil {
		return nil, err
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.devKey, err)
	}
	iss, err := auth.NewDevIssuerWithSecret(secret)
	if err != nil {
		return nil, err
	}
	s := &server{url: strings.TrimSuffix(o.url, "/"), stop: func() {}}
	s.rss = s.metricsRSS
	s.token = func(role, sub, department string) (string, error) {
		return iss.Token(role, sub, department, "", 2*time.Hour)
	}
	return s, nil
}

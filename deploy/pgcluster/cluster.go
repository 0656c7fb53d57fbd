// Package pgcluster starts a throwaway PostgreSQL server from the binaries installed on the
// machine, so tests and `shafaf dev` need no database set up by hand.
//
// The server is a child process. Stop shuts it down; if the parent dies without calling Stop,
// the kernel sends the server SIGINT (Linux parent-death signal), but a temporary data
// directory is then left behind in os.TempDir().
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/deploy/freeport"
)

// Options configures Start. The zero value is a durable server on a free port in a temp dir.
type Options struct {
	// DataDir keeps the data between runs; it is initialised when empty or missing and reused
	// when it already holds a cluster. Empty means a temp dir removed by Stop. When running as
	// root the server runs as user postgres, which must be able to enter every parent dir.
	DataDir string
	// Port to listen on at 127.0.0.1; 0 picks a free one.
	Port int
	// Logger receives the server's log lines at debug level; nil discards them.
	Logger *zap.Logger
	// Fast turns off fsync, synchronous_commit and full_page_writes: much quicker for tests,
	// and loses data on a machine crash, so never for benchmarks or kept data.
	Fast bool
	// Settings are more server settings, each name=value as `postgres -c` takes it
	// (shared_preload_libraries=pg_stat_statements for a benchmark's statement statistics).
	Settings []string
}

// Cluster is a running server. Its superuser is "postgres" with trust authentication.
type Cluster struct {
	dataDir    string
	runtimeDir string // socket, log and (for temp clusters) data; removed by Stop
	binDir     string // the server's installation, whose client programs match it
	port       int
	cmd        *exec.Cmd
	exited     chan struct{}
	stopOnce   sync.Once
	stopErr    error
}

// Start launches a server and returns once it accepts connections.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	bins, err := findBinaries()
	if err != nil {
		return nil, err
	}
	who, err := currentRunAs()
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	runtimeDir, err := os.MkdirTemp("", "shafaf-pg-")
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	c := &Cluster{dataDir: filepath.Join(runtimeDir, "data"), runtimeDir: runtimeDir, binDir: filepath.Dir(bins.postgres)}
	if opts.DataDir != "" {
		if c.dataDir, err = filepath.Abs(opts.DataDir); err != nil {
			os.RemoveAll(runtimeDir)
			return nil, fmt.Errorf("pgcluster: %w", err)
		}
	}
	if err := c.start(ctx, bins, who, opts, log); err != nil {
		os.RemoveAll(runtimeDir)
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(ctx context.Context, bins binaries, who runAs, opts Options, log *zap.Logger) error {
	if err := who.chown(c.runtimeDir); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := prepareDataDir(c.dataDir, bins, who); err != nil {
		return err
	}
	// A port picked here may be taken before the server binds it; retry with another then.
	for attempt := 0; ; attempt++ {
		port := opts.Port
		if port == 0 {
			// Outside the ephemeral range, so a restart (the fault suite's) finds it free.
			p, err := freeport.Pick()
			if err != nil {
				return fmt.Errorf("pgcluster: %w", err)
			}
			port = p
		}
		err := c.launch(ctx, bins, who, port, opts, log)
		if err == nil || opts.Port != 0 || attempt == 2 || !errors.Is(err, errExited) {
			return err
		}
	}
}

// prepareDataDir reuses an initialised directory or fills a new one from the template.
func prepareDataDir(dir string, bins binaries, who runAs) error {
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err == nil {
		return who.chownTree(dir)
	}
	template, err := ensureTemplate(bins, who)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := copyTree(template, dir, who); err != nil {
		return fmt.Errorf("pgcluster: copy template to %s: %w", dir, err)
	}
	return nil
}

// DSN is the connection string for database on this server.
func (c *Cluster) DSN(database string) string {
	return "postgres://postgres@127.0.0.1:" + strconv.Itoa(c.port) + "/" + url.PathEscape(database) + "?sslmode=disable"
}

// Port is the TCP port the server listens on at 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// Program is the path of a program installed beside the server (pgbench, psql), so a
// benchmark drives the server with the tools of its own version.
func (c *Cluster) Program(name string) string { return filepath.Join(c.binDir, name) }

// DataDir is where the server keeps its data.
func (c *Cluster) DataDir() string { return c.dataDir }

// CreateDatabase creates an empty database called name.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("pgcluster: create database %q: %w", name, err)
	}
	return nil
}

// Stop shuts the server down (fast mode: open sessions are cut) and removes the temp dirs.
// It is safe to call more than once and from several goroutines.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		c.stopErr = c.shutdown(30 * time.Second)
		if err := os.RemoveAll(c.runtimeDir); err != nil && c.stopErr == nil {
			c.stopErr = fmt.Errorf("pgcluster: remove %s: %w", c.runtimeDir, err)
		}
	})
	return c.stopErr
}

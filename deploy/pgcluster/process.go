package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.uber.org/zap"
)

// errExited marks a server that quit while starting, e.g. because its port was taken.
var errExited = errors.New("pgcluster: server exited while starting")

const startTimeout = 60 * time.Second

// launch runs the postmaster in the foreground of a child process and waits until it is ready.
func (c *Cluster) launch(ctx context.Context, bins binaries, who runAs, port int, opts Options, log *zap.Logger) error {
	args := []string{"-D", c.dataDir,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port=" + strconv.Itoa(port),
		"-c", "unix_socket_directories=" + c.runtimeDir,
		"-c", "max_connections=300",
	}
	if opts.Fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	for _, s := range opts.Settings {
		args = append(args, "-c", s)
	}
	logFile, err := os.Create(filepath.Join(c.runtimeDir, "postgres.log"))
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	cmd := exec.Command(bins.postgres, args...)
	cmd.SysProcAttr = who.sysProcAttr()
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	if log.Core().Enabled(zap.DebugLevel) {
		cmd.Stderr = &lineLogger{log: log, file: logFile}
	}
	exited := make(chan struct{})
	started := make(chan error)
	go func() {
		// The parent-death signal fires when the OS thread that started the server ends, and
		// Go ends threads that a goroutine left locked. Starting from a locked thread that
		// lives exactly as long as the server keeps the signal for the parent's real death.
		runtime.LockOSThread()
		defer close(exited)
		defer logFile.Close()
		err := cmd.Start()
		started <- err
		if err == nil {
			_ = cmd.Wait() // also waits for the copy into lineLogger, so the file closes last
		}
	}()
	if err := <-started; err != nil {
		<-exited
		return fmt.Errorf("pgcluster: start %s: %w", bins.postgres, err)
	}
	c.cmd, c.exited, c.port = cmd, exited, port
	if err := c.waitReady(ctx); err != nil {
		_ = c.shutdown(5 * time.Second)
		out, _ := os.ReadFile(logFile.Name())
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// waitReady watches postmaster.pid, whose last line turns "ready" once connections are
// accepted: cheaper and more exact than retrying connections.
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	pidFile := filepath.Join(c.dataDir, "postmaster.pid")
	for {
		if b, err := os.ReadFile(pidFile); err == nil {
			lines := strings.Split(string(b), "\n")
			if len(lines) > 7 && strings.TrimSpace(lines[0]) == strconv.Itoa(c.cmd.Process.Pid) &&
				strings.TrimSpace(lines[7]) == "ready" {
				return nil
			}
		}
		select {
		case <-c.exited:
			return errExited
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: server not ready: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// shutdown asks for a fast shutdown and kills the server if it does not finish within grace.
func (c *Cluster) shutdown(grace time.Duration) error {
	if c.cmd == nil {
		return nil
	}
	select {
	case <-c.exited:
		return nil
	default:
	}
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("pgcluster: signal server: %w", err)
	}
	select {
	case <-c.exited:
		return nil
	case <-time.After(grace):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return fmt.Errorf("pgcluster: server ignored fast shutdown for %s and was killed", grace)
	}
}

// lineLogger copies the server's output to its log file and, line by line, to a zap logger.
type lineLogger struct {
	log     *zap.Logger
	file    *os.File
	pending []byte
}

func (l *lineLogger) Write(p []byte) (int, error) {
	if _, err := l.file.Write(p); err != nil {
		return 0, err
	}
	l.pending = append(l.pending, p...)
	for {
		i := bytes.IndexByte(l.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.log.Debug("postgres", zap.ByteString("line", l.pending[:i]))
		l.pending = l.pending[i+1:]
	}
}

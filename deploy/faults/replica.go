package faults

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/shafaf-city/shafaf/deploy/freeport"
	"github.com/shafaf-city/shafaf/deploy/localserve"
)

// replica is one `shafaf serve` process. It keeps its address across restarts, so a client
// that retries finds the restarted process where the killed one was.
type replica struct {
	name string
	bin  string
	env  []string
	addr string
	log  string // the process's stderr (its JSON log), appended to across restarts
	cmd  *exec.Cmd
}

func newReplica(name, bin, dir string, env []string) (*replica, error) {
	// Outside the ephemeral range, so no outgoing connection takes it while the replica is
	// down; another process could still bind it first, and start reports that plainly.
	port, err := freeport.Pick()
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	return &replica{name: name, bin: bin, env: env, addr: addr, log: filepath.Join(dir, name+".log")}, nil
}

// url is where the replica answers.
func (r *replica) url() string { return "http://" + r.addr }

// start runs the process and returns once it serves.
func (r *replica) start(ctx context.Context) error {
	logFile, err := os.OpenFile(r.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(r.bin, "serve", "--addr", r.addr)
	cmd.Env = append(os.Environ(), r.env...)
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		return err
	}
	r.cmd = cmd
	served := make(chan error, 1)
	go func() { _, err := localserve.ServingURL(out); served <- err }()
	select {
	case err = <-served:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		_ = r.kill()
		return errors.New(r.name + ": " + err.Error() + " (log: " + r.log + ")")
	}
	return nil
}

// pid is the running process's id, which the projector names its lock holder by.
func (r *replica) pid() int { return r.cmd.Process.Pid }

// holderID is how the projector names this process in status output (<hostname>-<pid>).
func (r *replica) holderID() string {
	host, _ := os.Hostname()
	return host + "-" + strconv.Itoa(r.pid())
}

// kill ends the process with SIGKILL: no deferred cleanup, no graceful drain.
func (r *replica) kill() error { return r.signal(syscall.SIGKILL) }

// stop ends the process the way an operator does, with SIGTERM.
func (r *replica) stop() error { return r.signal(syscall.SIGTERM) }

func (r *replica) signal(sig syscall.Signal) error {
	if r.cmd == nil {
		return nil
	}
	if err := r.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	_ = r.cmd.Wait() // a killed process exits non-zero; that is the point
	r.cmd = nil
	return nil
}

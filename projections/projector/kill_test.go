package projector_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/projector"
)

// childDSNEnv tells a re-executed test binary to be a projector process on that database.
const childDSNEnv = "PROJECTOR_TEST_CHILD_DSN"

// TestKilledProjector kills a real projector process with SIGKILL in the middle of its
// batches, again and again, and checks that its restarts lose nothing and count nothing twice.
func TestKilledProjector(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	observer := mustRuntime(t, e, projector.Config{}, newToy("killed", "parent"))
	appendEvents(t, e.store, 3000, typeCounted)
	for range 4 {
		child := startChild(t, e.dsn)
		from, err := observer.Position(context.Background(), "killed")
		if err != nil {
			t.Fatal(err)
		}
		// Kill once it has committed a few batches of this round: it is then inside another.
		eventually(t, "the child commits batches", func() bool {
			pos, err := observer.Position(context.Background(), "killed")
			return err == nil && pos.Compare(from) > 0
		})
		if err := child.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = child.Wait()
		appendEvents(t, e.store, 200, typeCounted) // the log moves on while no projector runs
	}
	head := appendEvents(t, e.store, 1, typeCounted)
	child := startChild(t, e.dsn)
	mustWaitFor(t, observer, "killed", head)
	_ = child.Process.Kill()
	_ = child.Wait()
	rows := wantExactlyOnce(t, observer, e.store, "killed")
	writers := map[string]bool{}
	for _, r := range rows {
		writers[r.instance] = true
	}
	if len(writers) != 5 {
		t.Fatalf("events written by %d processes, want the 5 children", len(writers))
	}
}

// startChild re-executes this test binary as a projector process on dsn.
func startChild(t *testing.T, dsn string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestProjectorChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childDSNEnv+"="+dsn)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd
}

// TestProjectorChild is the projector process TestKilledProjector starts and kills; it does
// nothing in a normal run.
func TestProjectorChild(t *testing.T) {
	dsn := os.Getenv(childDSNEnv)
	if dsn == "" {
		t.Skip("runs only as the child process of TestKilledProjector")
	}
	e := mustEnvAt(t, dsn)
	toy := newToy("killed", fmt.Sprintf("child-%d", os.Getpid()))
	// Slow enough per event that a batch is in flight most of the time, so kills land mid-batch.
	toy.onHandle = func() { time.Sleep(200 * time.Microsecond) }
	rt := mustRuntime(t, e, projector.Config{BatchSize: 50}, toy)
	if err := rt.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

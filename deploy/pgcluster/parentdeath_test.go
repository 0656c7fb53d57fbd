package pgcluster_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

const childEnv = "PGCLUSTER_TEST_CHILD"

// TestServerDiesWithItsParent kills a process that started a cluster without letting it call
// Stop, and expects the server to shut down by itself.
func TestServerDiesWithItsParent(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		runChild()
		return
	}
	pgtest.NewCluster(t, pgcluster.Options{Fast: true}) // skips or fails as usual without PostgreSQL
	child := exec.Command(os.Args[0], "-test.run=^TestServerDiesWithItsParent$")
	child.Env = append(os.Environ(), childEnv+"=1")
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	var dsn, dataDir string
	if _, err := fmt.Fscanln(bufio.NewReader(out), &dsn, &dataDir); err != nil {
		_ = child.Process.Kill()
		t.Fatalf("child did not report its cluster: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(dataDir)) }) // Stop never ran to remove it
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()

	// Waiting is bounded only to keep a broken build from hanging; no duration is asserted.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dataDir, "postmaster.pid")); os.IsNotExist(err) {
			return
		}
	}
	if conn, err := pgx.Connect(context.Background(), dsn); err == nil {
		conn.Close(context.Background())
		t.Fatal("the server outlived the process that started it")
	}
}

func runChild() {
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{Fast: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(strings.Join([]string{c.DSN("postgres"), c.DataDir()}, " "))
	select {} // until killed
}

package faults_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/deploy/faults"
)

// ModeEnv selects the suite's size: unset or "short", one fault of each kind (about a minute,
// so `make test` runs it); "full" (make test-faults), three of each, with the results written
// into docs/reliability.md. `go test -short` skips the suite.
const ModeEnv = "SHAFAF_FAULTS"

func TestFaults(t *testing.T) {
	mode := os.Getenv(ModeEnv)
	set := faults.Settings{Injections: 1, Between: 2 * time.Second, RecoveryLimit: 60 * time.Second, Workers: 8}
	switch {
	case mode == "full":
		set.Injections, set.Between = 3, 4*time.Second
	case mode != "" && mode != "short":
		t.Fatalf("%s=%q: want short or full", ModeEnv, mode)
	case testing.Short():
		t.Skip("the fault suite kills processes for about a minute; not under -short")
	default:
		mode = "short"
	}
	ctx := context.Background()
	// Not t.TempDir: the cluster runs as user postgres under root and must enter the dir,
	// and a failed run keeps it for its server logs.
	dir, err := os.MkdirTemp("", "shafaf-faults-")
	if err != nil {
		t.Fatal(err)
	}
	suite, err := faults.Start(ctx, dir, set)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := suite.Close(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("server logs kept in %s", dir)
		} else {
			_ = os.RemoveAll(dir)
		}
	})
	var results []faults.Result
	for _, sc := range faults.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			res, err := suite.Run(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
			for _, p := range res.Problems {
				t.Error(p)
			}
		})
	}
	table := faults.Table(results)
	fmt.Printf("\nfault suite (%s): %d fault(s) per scenario, recovery limit %s\n%s\n", mode, set.Injections, set.RecoveryLimit, table)
	if mode == "full" && len(results) == len(faults.Scenarios) {
		stamp := fmt.Sprintf("Last run: %s, %d faults per scenario.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), set.Injections)
		if err := faults.WriteResults("../../docs/reliability.md", stamp+table+"\n"+faults.Descriptions()); err != nil {
			t.Error(err)
		}
	}
}

package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

func TestStartConnectCreateStop(t *testing.T) {
	ctx := context.Background()
	c := pgtest.NewCluster(t, pgcluster.Options{Fast: true})
	if err := c.CreateDatabase(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	if got := mustQueryString(t, c.DSN("app"), "SELECT current_database()"); got != "app" {
		t.Fatalf("current_database() = %q, want app", got)
	}
	if got := mustQueryString(t, c.DSN("app"), "SHOW fsync"); got != "off" {
		t.Fatalf("fsync = %q with Fast, want off", got)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := pgx.Connect(ctx, c.DSN("app")); err == nil {
		t.Fatal("connected after Stop")
	}
	if _, err := os.Stat(c.DataDir()); !os.IsNotExist(err) {
		t.Fatalf("temp data dir %s still there after Stop (stat: %v)", c.DataDir(), err)
	}
}

func TestDurableByDefault(t *testing.T) {
	c := pgtest.NewCluster(t, pgcluster.Options{})
	if got := mustQueryString(t, c.DSN("postgres"), "SHOW fsync"); got != "on" {
		t.Fatalf("fsync = %q without Fast, want on", got)
	}
}

func TestReusesDataDir(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(mustReachableTempDir(t), "pg")
	first := pgtest.NewCluster(t, pgcluster.Options{DataDir: dir, Fast: true})
	if err := first.CreateDatabase(ctx, "kept"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, first.DSN("kept"), "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('still here')")
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	second := pgtest.NewCluster(t, pgcluster.Options{DataDir: dir, Fast: true})
	if got := mustQueryString(t, second.DSN("kept"), "SELECT body FROM notes"); got != "still here" {
		t.Fatalf("after restart notes = %q, want %q", got, "still here")
	}
	if err := second.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
		t.Fatalf("given data dir was removed by Stop: %v", err)
	}
}

func TestListensOnGivenPort(t *testing.T) {
	free := pgtest.NewCluster(t, pgcluster.Options{Fast: true})
	port := free.Port()
	if err := free.Stop(); err != nil {
		t.Fatal(err)
	}
	c := pgtest.NewCluster(t, pgcluster.Options{Port: port, Fast: true})
	if c.Port() != port {
		t.Fatalf("Port() = %d, want %d", c.Port(), port)
	}
	if got := mustQueryString(t, c.DSN("postgres"), "SHOW port"); got != strconv.Itoa(port) {
		t.Fatalf("server port = %s, want %d", got, port)
	}
}

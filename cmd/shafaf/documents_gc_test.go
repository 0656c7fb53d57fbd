package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// `documents gc` lists the files no event references (and those staged by an upload a crash cut
// off) and only deletes them when told to, sparing the ones committed within the grace period
// (an upload's event may be on its way).
func TestDocumentsGCSweepsUnreferencedFiles(t *testing.T) {
	app := mustOpenDocApp(t)
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	caseID := mustSubmitPermit(t, applicant)
	wantStatus(t, applicant.upload(caseID, "deed", "deed.pdf", scan(t, "pdf", 1000)), http.StatusCreated)

	ctx := context.Background()
	blobs := fsblob.New(app.blobs)
	orphan := blobtest.MustStage(t, blobs, scan(t, "pdf", 2000))
	fresh := blobtest.MustStage(t, blobs, scan(t, "pdf", 3000))
	for _, st := range []interface{ Commit(context.Context) error }{orphan, fresh} {
		if err := st.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	blobtest.MustStage(t, blobs, scan(t, "pdf", 500)) // never committed nor discarded
	leftovers, _ := filepath.Glob(filepath.Join(app.blobs, "tmp", "stage-*"))
	path, _ := blobs.Path(orphan.Key())
	longAgo := time.Now().Add(-2 * time.Hour)
	for _, p := range append(leftovers, path) {
		if err := os.Chtimes(p, longAgo, longAgo); err != nil {
			t.Fatal(err)
		}
	}
	before := storedKeys(t, app.blobs)

	gc := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		args = append([]string{"documents", "gc", "--database-url", app.dsn, "--data-dir", filepath.Dir(app.blobs)}, args...)
		if err := run(ctx, args, &out, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	size := strconv.FormatInt(orphan.Size(), 10)
	if out := gc(); len(leftovers) != 1 || !strings.Contains(out, "would delete "+orphan.Key()+" ("+size+" bytes, committed") ||
		!strings.Contains(out, "would delete tmp/"+filepath.Base(leftovers[0])+" (509 bytes, staged") ||
		!strings.Contains(out, "2 files no event references and older than 1h0m0s: "+strconv.FormatInt(orphan.Size()+509, 10)+" bytes; run again with --delete") {
		t.Fatalf("dry run said:\n%s", out)
	}
	if after := storedKeys(t, app.blobs); !slices.Equal(after, before) {
		t.Fatalf("the dry run changed the files: %v, had %v", after, before)
	}
	if out := gc("--delete"); !strings.Contains(out, "deleted "+orphan.Key()) {
		t.Fatalf("gc --delete said:\n%s", out)
	}
	if staged, _ := os.ReadDir(filepath.Join(app.blobs, "tmp")); len(staged) != 0 {
		t.Fatalf("gc --delete left %d staged files", len(staged))
	}
	want := slices.DeleteFunc(before, func(k string) bool { return k == orphan.Key() })
	if after := storedKeys(t, app.blobs); !slices.Equal(after, want) || len(after) != 2 {
		t.Fatalf("after gc --delete the files are %v, want %v: the deed and the fresh file", after, want)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"documents", "verify", "--database-url", app.dsn, "--blobs", app.blobs}, &out, &out); err != nil {
		t.Fatalf("verify after gc: %v\n%s", err, out.String())
	}
}

// `shafaf dev` keeps uploaded files under its data directory, not wherever it was started.
func TestDevKeepsFilesUnderItsDataDir(t *testing.T) {
	dataDir := t.TempDir()
	t.Chdir(t.TempDir())
	t.Setenv("SHAFAF_BLOBS", "")
	t.Setenv("SHAFAF_DATA_DIR", "")
	cfg := testAppConfig(pgtest.NewDatabase(t))
	cfg.Documents = devDocuments(filepath.Join(dataDir, "pg"))
	app, err := openApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	content := scan(t, "pdf", 1000)
	wantStatus(t, applicant.upload(mustSubmitPermit(t, applicant), "deed", "deed.pdf", content), http.StatusCreated)
	if keys := storedKeys(t, filepath.Join(dataDir, "documents")); !slices.Equal(keys, []string{"sha256/" + sha(content)}) {
		t.Fatalf("files under the data directory: %v", keys)
	}
	if _, err := os.Stat(".shafaf"); !os.IsNotExist(err) {
		t.Fatalf("the working directory got a .shafaf (%v)", err)
	}
}

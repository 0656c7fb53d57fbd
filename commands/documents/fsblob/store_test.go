package fsblob_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
)

func TestConformance(t *testing.T) {
	blobtest.Run(t, func(tb testing.TB) (documents.BlobStore, blobtest.Counter) {
		root := filepath.Join(tb.TempDir(), "documents")
		return fsblob.New(root), func(tb testing.TB) (int, int) {
			return countFiles(tb, filepath.Join(root, "sha256")), countFiles(tb, filepath.Join(root, "tmp"))
		}
	})
}

func countFiles(tb testing.TB, dir string) int {
	tb.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		tb.Fatal(err)
	}
	return n
}

// A sweep spares blobs committed lately; storing bytes that are there already is a commit too,
// or a sweep could remove an old blob a new event just came to reference.
func TestCommittingKnownBytesRenewsTheBlob(t *testing.T) {
	ctx := context.Background()
	store := fsblob.New(t.TempDir())
	content := []byte("%PDF-1.7 the same deed again")
	if err := blobtest.MustStage(t, store, content).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	st := blobtest.MustStage(t, store, content)
	path, _ := store.Path(st.Key())
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || !info.ModTime().After(old) {
		t.Fatalf("after a second commit the blob was last committed at %v (%v), not after %v", info.ModTime(), err, old)
	}
}

package fsblob_test

import (
	"os"
	"path/filepath"
	"testing"

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

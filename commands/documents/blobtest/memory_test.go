package blobtest_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
)

func TestMemoryConformance(t *testing.T) {
	blobtest.Run(t, func(testing.TB) (documents.BlobStore, blobtest.Counter) {
		m := blobtest.NewMemory()
		return m, m.Count
	})
}

package documents_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
)

func TestSweepTakesOnlyOldObjectsNoEventReferences(t *testing.T) {
	ctx := context.Background()
	mem := blobtest.NewMemory()
	w := mustWorld(t, documents.Limits{}, mem)
	deed, err := w.upload(ctx, applicant, "deed", pdf)
	if err != nil {
		t.Fatal(err)
	}
	orphan := []byte("%PDF-1.7 stored for an append that failed")
	if err := blobtest.MustStage(t, mem, orphan).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	leftover := []byte("%PDF-1.7 staged by an upload cut off by a crash")
	blobtest.MustStage(t, mem, leftover)
	cutoff := time.Now()
	fresh := blobtest.MustStage(t, mem, []byte("%PDF-1.7 an upload whose event is on its way"))
	if err := fresh.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for _, remove := range []bool{false, true} {
		rep, err := documents.Sweep(ctx, w.store, mem, cutoff, remove)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Unreferenced) != 2 || rep.Bytes != int64(len(orphan)+len(leftover)) || rep.Removed != remove ||
			slices.ContainsFunc(rep.Unreferenced, func(b documents.Blob) bool { return b.Key == deed.StorageKey || b.Key == fresh.Key() }) {
			t.Fatalf("sweep (remove %v) = %+v, want the orphan and the leftover, %d bytes", remove, rep, len(orphan)+len(leftover))
		}
		want := map[bool]int{false: 3, true: 2}[remove]
		if committed, staged := mem.Count(t); committed != want || staged != want-2 {
			t.Fatalf("after a sweep (remove %v) the store holds %d blobs and %d staged, want %d and %d", remove, committed, staged, want, want-2)
		}
	}
	blobtest.MustRead(t, mem, deed.StorageKey)
	blobtest.MustRead(t, mem, fresh.Key())
}

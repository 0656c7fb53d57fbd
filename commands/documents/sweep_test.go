package documents_test

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
)

func TestSweepTakesOnlyOldBlobsNoEventReferences(t *testing.T) {
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
		if len(rep.Unreferenced) != 1 || rep.Unreferenced[0].Key == deed.StorageKey || rep.Bytes != int64(len(orphan)) || rep.Removed != remove {
			t.Fatalf("sweep (remove %v) = %+v, want the orphan of %d bytes alone", remove, rep, len(orphan))
		}
		want := map[bool]int{false: 3, true: 2}[remove]
		if committed, _ := mem.Count(t); committed != want {
			t.Fatalf("after a sweep (remove %v) the store holds %d blobs, want %d", remove, committed, want)
		}
	}
	blobtest.MustRead(t, mem, deed.StorageKey)
	blobtest.MustRead(t, mem, fresh.Key())
}

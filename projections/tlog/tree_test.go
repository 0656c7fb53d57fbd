package tlog_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/transparency-dev/merkle/proof"

	"github.com/shafaf-city/shafaf/projections/tlog"
)

// TestProofsVerifyWithTheLibrary checks the tree against a reference MTH at every size, and
// every inclusion and consistency proof with the merkle library's verifier, not with the code
// that produced them.
func TestProofsVerifyWithTheLibrary(t *testing.T) {
	c := mustCity(t)
	c.appendEvents(t, 37)
	ctx := context.Background()
	recs := c.events(t)
	leaves := leafHashes(recs)
	head, err := c.log.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head.Size != 37 || !bytes.Equal(head.Root, referenceRoot(leaves)) {
		t.Fatalf("head %d %x, want 37 %x", head.Size, head.Root, referenceRoot(leaves))
	}
	ids := make([]uuid.UUID, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	for _, size := range []uint64{1, 2, 5, 8, 16, 31, 37} {
		root := referenceRoot(leaves[:size])
		incl, err := c.log.Inclusions(ctx, ids[:size], size)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range incl {
			if err := proof.VerifyInclusion(tlog.Hasher, p.Index, size, leaves[i], p.Hashes, root); err != nil || p.Index != uint64(i) {
				t.Fatalf("inclusion of leaf %d (index %d) in %d: %v", i, p.Index, size, err)
			}
		}
		for from := uint64(1); from <= size; from++ {
			cons, err := c.log.Consistency(ctx, from, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := proof.VerifyConsistency(tlog.Hasher, from, size, cons.Hashes, referenceRoot(leaves[:from]), root); err != nil {
				t.Fatalf("consistency %d→%d: %v", from, size, err)
			}
		}
	}
	t.Run("refuses an event beyond the size asked", func(t *testing.T) {
		if _, err := c.log.Inclusions(ctx, ids[10:11], 10); err == nil {
			t.Fatal("proved leaf 10 in a tree of 10")
		}
	})
	t.Run("refuses a size the tree has not reached", func(t *testing.T) {
		if _, err := c.log.Consistency(ctx, 3, 38); err == nil {
			t.Fatal("proved consistency with a tree of 38 leaves")
		}
	})
}

// TestRestartAndRebuildGiveTheSameRoot stops the runtime, appends more, starts a new one (a
// restarted process), then rebuilds the tree from scratch: the roots agree with the reference.
func TestRestartAndRebuildGiveTheSameRoot(t *testing.T) {
	c := mustCity(t)
	ctx := context.Background()
	c.appendEvents(t, 20)
	c.stop()
	c.start(t)
	c.appendEvents(t, 13)
	want := referenceRoot(leafHashes(c.events(t)))
	head, err := c.log.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(head.Root, want) {
		t.Fatalf("after restart: root %x, want %x", head.Root, want)
	}
	if err := c.rt.Rebuild(ctx, tlog.Name, nil); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := c.log.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt.Size != 33 || !bytes.Equal(rebuilt.Root, want) {
		t.Fatalf("after rebuild: %d %x, want 33 %x", rebuilt.Size, rebuilt.Root, want)
	}
}

package tlog_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// TestSignerSignsGrowthAndRefusesARewrittenLog signs checkpoints as the tree grows, each a
// valid C2SP note under the public key, and refuses to sign once a rebuild from an edited log
// no longer extends the last checkpoint.
func TestSignerSignsGrowthAndRefusesARewrittenLog(t *testing.T) {
	c := mustCity(t)
	ctx := context.Background()
	key := testKey(t)
	signer := tlog.Signer{Log: c.log, Key: key, Now: fixedNow}
	verifier, err := note.NewVerifier(key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	c.appendEvents(t, 10)
	first, isNew, err := signer.Checkpoint(ctx)
	if err != nil || !isNew || first.Size != 10 {
		t.Fatalf("first checkpoint %+v new=%v: %v", first, isNew, err)
	}
	if _, isNew, err := signer.Checkpoint(ctx); err != nil || isNew {
		t.Fatalf("signed again with nothing new (new=%v): %v", isNew, err)
	}
	c.appendEvents(t, 5)
	second, _, err := signer.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := tlog.OpenCheckpoint([]byte(second.Note), verifier)
	if err != nil || opened.Size != 15 || !bytes.Equal(opened.Root, referenceRoot(leafHashes(c.events(t)))) {
		t.Fatalf("opened %+v: %v", opened, err)
	}
	all, err := c.log.History.From(ctx, 0, 100)
	if err != nil || len(all) != 2 || all[0].Size != 10 || all[1].Size != 15 {
		t.Fatalf("history %+v: %v", all, err)
	}

	// A DBA edits the 3rd event and the tree is rebuilt from the edited log, by another process
	// (`shafaf projections rebuild`: the running one may still hold the events it read).
	if _, err := c.pool.Exec(ctx, `ALTER TABLE events DISABLE TRIGGER events_append_only;
		UPDATE events SET data = replace(data::text, '"n":2', '"n":9')::json WHERE seq = 3;
		ALTER TABLE events ENABLE TRIGGER events_append_only`); err != nil {
		t.Fatal(err)
	}

	if err := rmt.MustRuntime(t, c.pool, c.store, tlog.New()).Rebuild(ctx, tlog.Name, nil); err != nil {
		t.Fatal(err)
	}
	c.appendEvents(t, 1)
	var split *tlog.SplitViewError
	if _, _, err := signer.Checkpoint(ctx); !errors.As(err, &split) || split.Signed.Size != 15 {
		t.Fatalf("signed a rewritten log: %v", err)
	}

	// Then the last events go, and the tree is rebuilt smaller than what was signed.
	if _, err := c.pool.Exec(ctx, `ALTER TABLE events DISABLE TRIGGER events_append_only;
		DELETE FROM events WHERE event_id IN (SELECT event_id FROM events ORDER BY tx_id, seq OFFSET 5);
		ALTER TABLE events ENABLE TRIGGER events_append_only`); err != nil {
		t.Fatal(err)
	}
	if err := rmt.MustRuntime(t, c.pool, c.store, tlog.New()).Rebuild(ctx, tlog.Name, nil); err != nil {
		t.Fatal(err)
	}
	if _, isNew, err := signer.Checkpoint(ctx); err == nil || isNew || !strings.Contains(err.Error(), "fewer than checkpoint 15") {
		t.Fatalf("signed a tree smaller than the last checkpoint (new=%v): %v", isNew, err)
	}
}

// TestOpenCheckpointRefusesAnotherKey checks a checkpoint against the wrong public key.
func TestOpenCheckpointRefusesAnotherKey(t *testing.T) {
	c := mustCity(t)
	c.appendEvents(t, 3)
	cp, _, err := tlog.Signer{Log: c.log, Key: testKey(t), Now: fixedNow}.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	other, err := note.NewVerifier(testKey(t).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tlog.OpenCheckpoint([]byte(cp.Note), other); err == nil {
		t.Fatal("a checkpoint opened under another key")
	}
}

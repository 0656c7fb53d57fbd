package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/transparency-dev/merkle/proof"
	"golang.org/x/mod/sumdb/note"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// someCase is a case of the city with at least three events.
func (c loggedCity) someCase(tb testing.TB) uuid.UUID {
	tb.Helper()
	var stream string
	err := c.db.QueryRow(context.Background(), `SELECT stream FROM events WHERE stream LIKE 'case-%'
		GROUP BY stream HAVING count(*) >= 3 ORDER BY stream LIMIT 1`).Scan(&stream)
	if err != nil {
		tb.Fatal(err)
	}
	return uuid.MustParse(strings.TrimPrefix(stream, "case-"))
}

// TestTransparencyEndpointsProveWhatTheyClaim reads every transparency endpoint through the
// contract-checked client and checks its proofs with the merkle library.
func TestTransparencyEndpointsProveWhatTheyClaim(t *testing.T) {
	t.Parallel()
	c := mustLoggedCity(t)
	ctx := context.Background()
	anyone := client{tb: t, base: c.app.URL()}
	key, err := note.NewVerifier(c.public)
	if err != nil {
		t.Fatal(err)
	}
	r := anyone.get("/transparency/checkpoint")
	wantStatus(t, r, 200)
	cp, err := tlog.OpenCheckpoint(r.body, key)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Checkpoints []tlog.Checkpoint `json:"checkpoints"`
	}
	// The serving app signs once as it starts, which may be while the city is still arriving.
	anyone.get("/transparency/checkpoints?from=0").json(t, &list)
	n := len(list.Checkpoints)
	if n == 0 || list.Checkpoints[n-1].Size != cp.Size || !bytes.Equal(list.Checkpoints[n-1].Root, cp.Root) ||
		!slices.IsSortedFunc(list.Checkpoints, func(a, b tlog.Checkpoint) int { return cmp.Compare(a.Size, b.Size) }) {
		t.Fatalf("checkpoints %+v, want them growing to the one served, of size %d", list.Checkpoints, cp.Size)
	}
	recs, err := c.app.store.ReadAll(ctx, eventstore.Position{}, eventstore.Filter{}, 0)
	if err != nil || len(recs) < 10 {
		t.Fatalf("%d events: %v", len(recs), err)
	}
	t.Run("an inclusion proof per event", func(t *testing.T) {
		for i, rec := range recs[:10] {
			var p tlog.Inclusion
			anyone.get(fmt.Sprintf("/transparency/proof/%s?size=%d", rec.ID, cp.Size)).json(t, &p)
			if err := proof.VerifyInclusion(tlog.Hasher, uint64(i), cp.Size, tlog.LeafHash(rec), p.Hashes, cp.Root); err != nil {
				t.Fatalf("event %d: %v", i, err)
			}
		}
	})
	t.Run("a consistency proof between sizes", func(t *testing.T) {
		var p tlog.Consistency
		anyone.get(fmt.Sprintf("/transparency/consistency?from=5&to=%d", cp.Size)).json(t, &p)
		var first5 []eventstore.RecordedEvent
		first5 = append(first5, recs[:5]...)
		if err := proof.VerifyConsistency(tlog.Hasher, 5, cp.Size, p.Hashes, rootOfEvents(t, first5), cp.Root); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("refuses what it cannot prove", func(t *testing.T) {
		wantProblem(t, anyone.get("/transparency/proof/"+uuid.NewString()), 404, "not_found")
		wantProblem(t, anyone.get(fmt.Sprintf("/transparency/consistency?from=1&to=%d", cp.Size+1)), 400, "invalid")
	})
	t.Run("a case's history with proofs", func(t *testing.T) {
		id := c.someCase(t)
		var h struct {
			Checkpoint tlog.Checkpoint `json:"checkpoint"`
			Events     []struct {
				Record tlog.Record    `json:"record"`
				Proof  tlog.Inclusion `json:"proof"`
			} `json:"events"`
		}
		client{tb: t, base: c.app.URL(), actor: "auditor:aud-1"}.get("/v1/cases/"+id.String()+"/history?proof=1").json(t, &h)
		for _, e := range h.Events {
			if err := proof.VerifyInclusion(tlog.Hasher, e.Proof.Index, h.Checkpoint.Size, tlog.LeafHash(e.Record.Event()), e.Proof.Hashes, cp.Root); err != nil {
				t.Fatalf("revision %d: %v", e.Record.Revision, err)
			}
		}
	})
	t.Run("the dashboard and open data show the checkpoint and the key", func(t *testing.T) {
		// html/template writes "+" (in keys and base64) as "&#43;".
		inHTML := strings.NewReplacer("+", "&#43;").Replace
		page := string(anyone.get("/en").body)
		for _, want := range []string{inHTML(c.public), inHTML(base64.StdEncoding.EncodeToString(cp.Root)), fmt.Sprintf(`data-field="tree-size">%d<`, cp.Size)} {
			if !strings.Contains(page, want) {
				t.Errorf("the dashboard does not show %q", want)
			}
		}
		if !strings.Contains(string(anyone.get("/open-data").body), inHTML(c.public)) {
			t.Error("open data does not show the public key")
		}
	})
}

// rootOfEvents is the tree root over recs, written out here apart from the code under test.
func rootOfEvents(tb testing.TB, recs []eventstore.RecordedEvent) []byte {
	tb.Helper()
	hashes := make([][]byte, len(recs))
	for i, r := range recs {
		hashes[i] = tlog.LeafHash(r)
	}
	for len(hashes) > 1 { // RFC 9162 MTH bottom-up: pair left to right, carry an odd last node
		var next [][]byte
		for i := 0; i+1 < len(hashes); i += 2 {
			next = append(next, tlog.Hasher.HashChildren(hashes[i], hashes[i+1]))
		}
		if len(hashes)%2 == 1 {
			next = append(next, hashes[len(hashes)-1])
		}
		hashes = next
	}
	return hashes[0]
}

// TestAuditVerifyDetectsASplitView gives the audit a second checkpoint of the same size with
// another root, signed with the log's own key (a fork shown to someone else): it is a split view.
func TestAuditVerifyDetectsASplitView(t *testing.T) {
	t.Parallel()
	c := mustLoggedCity(t)
	latest, err := c.app.signer.Log.Latest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	forkRoot := tlog.Hasher.HashLeaf([]byte("another history"))
	fork, err := note.Sign(&note.Note{Text: fmt.Sprintf("%s\n%d\n%s\n", latest.Origin, latest.Size,
		base64.StdEncoding.EncodeToString(forkRoot))}, c.app.signer.Key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seen-checkpoint")
	if err := os.WriteFile(path, fork, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := c.audit(t, "verify"); err != nil {
		t.Fatalf("the log alone verifies: %v\n%s", err, out)
	}
	out, err := c.audit(t, "verify", "--seen", path)
	wantAuditFailure(t, out, err, "split view", fmt.Sprintf("size %d", latest.Size))
}

// TestAuditCaseChecksOneCaseWithInclusionProofs passes on an honest case, then fails naming
// the event once one of the case's events is edited, and once one is deleted.
func TestAuditCaseChecksOneCaseWithInclusionProofs(t *testing.T) {
	t.Parallel()
	c := mustLoggedCity(t)
	id := c.someCase(t)
	token := client{tb: t, actor: "auditor:aud-1"}.token()
	if out, err := c.audit(t, "case", id.String(), "--token", token); err != nil || !strings.Contains(out, "OK") {
		t.Fatalf("audit of an honest case: %v\n%s", err, out)
	}
	var edited uuid.UUID
	if err := c.db.QueryRow(context.Background(), "SELECT event_id FROM events WHERE stream = $1 AND revision = 2", cases.StreamName(id)).Scan(&edited); err != nil {
		t.Fatal(err)
	}
	c.tamper(t, `UPDATE events SET data = (data::text || ' ')::json WHERE event_id = $1`, edited)
	out, err := c.audit(t, "case", id.String(), "--token", token)
	wantAuditFailure(t, out, err, edited.String(), "was changed")
	c.tamper(t, `DELETE FROM events WHERE event_id = $1`, edited)
	out, err = c.audit(t, "case", id.String(), "--token", token)
	wantAuditFailure(t, out, err, "revision 3 follows revision 1", "deleted")
}

// TestKeygenMakesTheKeyServeReads writes a key with `shafaf transparency keygen`, reads it back
// as serve does from SHAFAF_TLOG_KEY_FILE, and finds the public key keygen printed.
func TestKeygenMakesTheKeyServeReads(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tlog.key")
	var out, errOut strings.Builder
	if err := run(context.Background(), []string{"transparency", "keygen", "--origin", "city.example/log", "--out", path}, &out, &errOut); err != nil {
		t.Fatalf("keygen: %v\n%s", err, errOut.String())
	}
	env := map[string]string{tlogKeyFileEnv: path, tlogEveryEnv: "30s"}
	cfg, err := transparencyFromEnv(func(k string) string { return env[k] })
	if err != nil || cfg.Every.Seconds() != 30 {
		t.Fatalf("config %+v: %v", cfg, err)
	}
	key, err := tlog.ParseKey(cfg.Key)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key.PublicKey, "city.example/log+") || !strings.Contains(out.String(), key.PublicKey) {
		t.Fatalf("keygen printed %q; the key file's public key is %q", out.String(), key.PublicKey)
	}
	if err := run(context.Background(), []string{"transparency", "keygen", "--out", path}, &out, &errOut); err == nil {
		t.Fatal("keygen overwrote an existing key")
	}
}

package audit

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/google/uuid"
	"github.com/transparency-dev/merkle/proof"
	"golang.org/x/mod/sumdb/note"

	"github.com/shafaf-city/shafaf/projections/tlog"
)

// CaseReport is what a case audit that passed has checked.
type CaseReport struct {
	Checkpoint tlog.Checkpoint
	Proven     int // events whose inclusion in the checkpoint was proven
	Newer      int // the case's newest events, after the checkpoint: not yet provable
}

// provenHistory is /v1/cases/{id}/history?proof=1 as the audit reads it.
type provenHistory struct {
	Checkpoint *tlog.Checkpoint `json:"checkpoint"`
	Events     []struct {
		Revision uint64          `json:"revision"`
		Type     string          `json:"type"`
		Record   *tlog.Record    `json:"record"`
		Proof    *tlog.Inclusion `json:"proof"`
	} `json:"events"`
}

// VerifyCase checks one case's history, as the server shows it, against the signed checkpoint
// with inclusion proofs only: every event must be a leaf of the tree, at increasing leaves, and
// its revisions must run from 0 without a gap.
func VerifyCase(ctx context.Context, c Client, key note.Verifier, id uuid.UUID) (CaseReport, error) {
	var h provenHistory
	if err := c.getJSON(ctx, "/v1/cases/"+id.String()+"/history", url.Values{"proof": {"1"}}, &h); err != nil {
		return CaseReport{}, err
	}
	if h.Checkpoint == nil {
		return CaseReport{}, errors.New("the log has signed no checkpoint yet")
	}
	cp, err := tlog.OpenCheckpoint([]byte(h.Checkpoint.Note), key)
	if err != nil {
		return CaseReport{}, err
	}
	rep := CaseReport{Checkpoint: cp}
	var lastLeaf *uint64
	for i, e := range h.Events {
		if e.Revision != uint64(i) {
			return rep, fmt.Errorf("revision %d follows revision %d: events of the case were deleted", e.Revision, i-1)
		}
		if e.Record == nil || e.Record.Revision != e.Revision || e.Record.Type != e.Type {
			return rep, fmt.Errorf("revision %d: the server gave no record of the event that matches it", e.Revision)
		}
		what := fmt.Sprintf("event %s (revision %d, %s)", e.Record.ID, e.Revision, e.Type)
		if e.Proof == nil {
			rep.Newer++
			continue
		}
		if rep.Newer > 0 {
			return rep, fmt.Errorf("%s is in the log, but an earlier event of the case is not: that one was inserted", what)
		}
		err := proof.VerifyInclusion(tlog.Hasher, e.Proof.Index, cp.Size, tlog.LeafHash(e.Record.Event()), e.Proof.Hashes, cp.Root)
		if mismatch := (proof.RootMismatchError{}); errors.As(err, &mismatch) {
			return rep, fmt.Errorf("%s does not match the log at leaf %d: it was changed", what, e.Proof.Index)
		}
		if err != nil {
			return rep, fmt.Errorf("%s: the server's inclusion proof is malformed: %w", what, err)
		}
		if lastLeaf != nil && e.Proof.Index <= *lastLeaf {
			return rep, fmt.Errorf("%s is leaf %d, before the case's previous event (leaf %d): events were reordered", what, e.Proof.Index, *lastLeaf)
		}
		lastLeaf = &e.Proof.Index
		rep.Proven++
	}
	return rep, nil
}

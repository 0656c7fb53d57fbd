package audit

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/transparency-dev/merkle/proof"
	"golang.org/x/mod/sumdb/note"

	"github.com/shafaf-city/shafaf/projections/tlog"
)

// SplitViewError is two checkpoints of one size with different roots, both signed with the
// log's key: the log showed different histories to different readers.
type SplitViewError struct {
	Size uint64
	A, B []byte
}

func (e *SplitViewError) Error() string {
	return fmt.Sprintf("split view: two checkpoints of size %d with different roots, %x and %x", e.Size, e.A, e.B)
}

// checkpoints fetches every checkpoint the server published, oldest first, and opens each
// with key: a signature that does not check fails the audit.
func (c Client) checkpoints(ctx context.Context, key note.Verifier) ([]tlog.Checkpoint, error) {
	var all []tlog.Checkpoint
	from := uint64(0)
	for {
		var page struct {
			Checkpoints []tlog.Checkpoint `json:"checkpoints"`
			NextFrom    *uint64           `json:"next_from"`
		}
		if err := c.getJSON(ctx, "/transparency/checkpoints", url.Values{"from": {strconv.FormatUint(from, 10)}}, &page); err != nil {
			return nil, err
		}
		for _, cp := range page.Checkpoints {
			opened, err := tlog.OpenCheckpoint([]byte(cp.Note), key)
			if err != nil {
				return nil, fmt.Errorf("checkpoint of size %d: %w", cp.Size, err)
			}
			all = append(all, opened)
		}
		if page.NextFrom == nil {
			return all, nil
		}
		from = *page.NextFrom
	}
}

// latest fetches and opens /transparency/checkpoint.
func (c Client) latest(ctx context.Context, key note.Verifier) (tlog.Checkpoint, error) {
	body, err := c.get(ctx, "/transparency/checkpoint", nil)
	if err != nil {
		return tlog.Checkpoint{}, fmt.Errorf("GET /transparency/checkpoint: %w", err)
	}
	return tlog.OpenCheckpoint(body, key)
}

// consistent checks with the server's consistency proof that b's tree extends a's.
func (c Client) consistent(ctx context.Context, a, b tlog.Checkpoint) error {
	if a.Size == 0 {
		return nil
	}
	var p tlog.Consistency
	q := url.Values{"from": {strconv.FormatUint(a.Size, 10)}, "to": {strconv.FormatUint(b.Size, 10)}}
	if err := c.getJSON(ctx, "/transparency/consistency", q, &p); err != nil {
		return err
	}
	return proof.VerifyConsistency(tlog.Hasher, a.Size, b.Size, p.Hashes, a.Root, b.Root)
}

// checkHistory orders checkpoints by size, refuses two of one size with different roots, and
// checks every consecutive pair with a consistency proof.
func (c Client) checkHistory(ctx context.Context, cps []tlog.Checkpoint) ([]tlog.Checkpoint, error) {
	cps = slices.Clone(cps)
	slices.SortStableFunc(cps, func(a, b tlog.Checkpoint) int { return cmpSize(a.Size, b.Size) })
	var distinct []tlog.Checkpoint
	for i, cp := range cps {
		if i > 0 && cps[i-1].Size == cp.Size {
			if !bytes.Equal(cps[i-1].Root, cp.Root) {
				return nil, &SplitViewError{Size: cp.Size, A: cps[i-1].Root, B: cp.Root}
			}
			continue
		}
		distinct = append(distinct, cp)
	}
	for i := 1; i < len(distinct); i++ {
		if err := c.consistent(ctx, distinct[i-1], distinct[i]); err != nil {
			return nil, fmt.Errorf("checkpoint %d is not an extension of checkpoint %d: %w", distinct[i].Size, distinct[i-1].Size, err)
		}
	}
	return distinct, nil
}

func cmpSize(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

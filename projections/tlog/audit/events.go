package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/uuid"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// Events reads the whole log in global order: the event store itself, read-only.
type Events interface {
	ReadAll(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int) ([]eventstore.RecordedEvent, error)
}

// leaf is what the audit keeps of each event it reads.
type leaf struct {
	id       uuid.UUID
	stream   string
	revision uint64
	hash     []byte
}

func (l leaf) String() string {
	return fmt.Sprintf("event %s (%s revision %d)", l.id, l.stream, l.revision)
}

// MismatchError names the first place where the events in the store stop matching what a
// signed checkpoint committed to.
type MismatchError struct {
	Checkpoint uint64 // the size of the checkpoint that does not match
	Index      uint64 // the first leaf that differs
	Reason     string // what the log says about the store's event at Index
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("the store does not match checkpoint %d from leaf %d: %s", e.Checkpoint, e.Index, e.Reason)
}

// factory builds compact ranges with the log's hash.
var factory = &compact.RangeFactory{Hash: tlog.Hasher.HashChildren}

// readLeaves hashes every event of the store, in global order.
func readLeaves(ctx context.Context, events Events) ([]leaf, error) {
	var out []leaf
	var after eventstore.Position
	for {
		page, err := events.ReadAll(ctx, after, eventstore.Filter{}, 1000)
		if err != nil {
			return nil, fmt.Errorf("read the events: %w", err)
		}
		if len(page) == 0 {
			return out, nil
		}
		for _, r := range page {
			out = append(out, leaf{id: r.ID, stream: r.Stream, revision: r.Revision, hash: tlog.LeafHash(r)})
		}
		after = page[len(page)-1].Position
	}
}

// rootOf is the root of the tree of the first n leaves.
func rootOf(leaves []leaf, n uint64) ([]byte, error) {
	r := factory.NewEmptyRange(0)
	for _, l := range leaves[:n] {
		if err := r.Append(l.hash, nil); err != nil {
			return nil, err
		}
	}
	if n == 0 {
		return tlog.Hasher.EmptyRoot(), nil
	}
	return r.GetRootHash(nil)
}

// recompute checks the store's events against each checkpoint (oldest first) and names the
// first event that does not match.
func (c Client) recompute(ctx context.Context, leaves []leaf, cps []tlog.Checkpoint) error {
	r := factory.NewEmptyRange(0)
	for _, cp := range cps {
		if uint64(len(leaves)) < cp.Size {
			return c.locate(ctx, leaves, cp)
		}
		for r.End() < cp.Size {
			if err := r.Append(leaves[r.End()].hash, nil); err != nil {
				return err
			}
		}
		root := tlog.Hasher.EmptyRoot()
		if cp.Size > 0 {
			var err error
			if root, err = r.GetRootHash(nil); err != nil {
				return err
			}
		}
		if !bytes.Equal(root, cp.Root) {
			return c.locate(ctx, leaves, cp)
		}
	}
	return nil
}

// locate finds, by bisection with the log's consistency proofs, the longest prefix of the
// store that the checkpoint extends, and asks the log about the event that follows it.
func (c Client) locate(ctx context.Context, leaves []leaf, cp tlog.Checkpoint) error {
	matches := func(m uint64) (bool, error) {
		if m == 0 {
			return true, nil
		}
		local, err := rootOf(leaves, m)
		if err != nil {
			return false, err
		}
		return c.consistent(ctx, tlog.Checkpoint{Size: m, Root: local}, cp) == nil, nil
	}
	// The first lo leaves match; the first hi do not (unless all of them do).
	lo, hi := uint64(0), min(uint64(len(leaves)), cp.Size)
	ok, err := matches(hi)
	if err != nil {
		return err
	}
	if ok {
		lo = hi
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := matches(mid)
		if err != nil {
			return err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == uint64(len(leaves)) {
		return &MismatchError{Checkpoint: cp.Size, Index: lo, Reason: fmt.Sprintf(
			"the store ends after %d events, but the checkpoint commits to %d: the last events were deleted", lo, cp.Size)}
	}
	return &MismatchError{Checkpoint: cp.Size, Index: lo, Reason: c.explain(ctx, leaves[lo], lo, cp)}
}

// explain says what the log knows of the store's event at index.
func (c Client) explain(ctx context.Context, l leaf, index uint64, cp tlog.Checkpoint) string {
	var p tlog.Inclusion
	err := c.getJSON(ctx, "/transparency/proof/"+l.id.String(), url.Values{"size": {strconv.FormatUint(cp.Size, 10)}}, &p)
	var status *StatusError
	switch {
	case errors.As(err, &status) && status.Status == http.StatusNotFound:
		return fmt.Sprintf("%s is not in the log: it was inserted", l)
	case err != nil:
		return fmt.Sprintf("%s does not match the log, which cannot be asked about it: %v", l, err)
	case p.Index == index && proof.VerifyInclusion(tlog.Hasher, p.Index, cp.Size, p.LeafHash, p.Hashes, cp.Root) == nil:
		return fmt.Sprintf("%s was changed after it was logged (logged leaf %x, the store's %x)", l, p.LeafHash, l.hash)
	case p.Index > index:
		return fmt.Sprintf("%s is leaf %d in the store but leaf %d in the log: events before it were deleted or moved", l, index, p.Index)
	}
	return fmt.Sprintf("%s is leaf %d in the store but leaf %d in the log: it was moved", l, index, p.Index)
}

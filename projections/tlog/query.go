package tlog

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain"
)

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Log answers what the transparency endpoints publish: the tree's head, proofs and the
// signed checkpoints.
type Log struct {
	Reads   Reads
	History *History
}

// Head is the tree as the projection has built it so far (not yet signed).
type Head struct {
	Size uint64
	Root []byte
}

// Inclusion proves that an event is leaf Index of the tree of Size leaves; Hashes is the
// RFC 9162 inclusion path, LeafHash the hash of the event's leaf as the log holds it.
type Inclusion struct {
	EventID  uuid.UUID `json:"event_id"`
	Index    uint64    `json:"index"`
	Size     uint64    `json:"size"`
	LeafHash []byte    `json:"leaf_hash"`
	Hashes   [][]byte  `json:"hashes"`
}

// Consistency proves that the tree of From leaves is a prefix of the tree of To leaves.
type Consistency struct {
	From   uint64   `json:"from"`
	To     uint64   `json:"to"`
	Hashes [][]byte `json:"hashes"`
}

// Head reads the tree's size and root.
func (l Log) Head(ctx context.Context) (h Head, err error) {
	err = l.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if h.Size, err = treeSize(ctx, tx); err != nil {
			return err
		}
		h.Root, err = rootAt(ctx, tx, h.Size)
		return err
	})
	return h, err
}

// Latest is the newest signed checkpoint.
func (l Log) Latest(ctx context.Context) (Checkpoint, error) { return l.History.Latest(ctx) }

// Checkpoints lists up to limit signed checkpoints of size >= from, oldest first.
func (l Log) Checkpoints(ctx context.Context, from uint64, limit int) ([]Checkpoint, error) {
	return l.History.From(ctx, from, limit)
}

// Inclusions proves each event's place in the tree of size leaves, in one transaction; an
// event that is not among its first size leaves is NotFound.
func (l Log) Inclusions(ctx context.Context, ids []uuid.UUID, size uint64) ([]Inclusion, error) {
	proofs, err := l.inclusions(ctx, ids, size)
	out := make([]Inclusion, len(proofs))
	for i, p := range proofs {
		if p == nil && err == nil {
			err = domain.NotFound(fmt.Sprintf("event %s is not in the tree of size %d", ids[i], size))
		}
		if p != nil {
			out[i] = *p
		}
	}
	return out, err
}

// InclusionsSoFar is Inclusions with nil for the events that came after the tree of size
// leaves (a case's newest events, before the next checkpoint).
func (l Log) InclusionsSoFar(ctx context.Context, ids []uuid.UUID, size uint64) ([]*Inclusion, error) {
	return l.inclusions(ctx, ids, size)
}

func (l Log) inclusions(ctx context.Context, ids []uuid.UUID, size uint64) ([]*Inclusion, error) {
	out := make([]*Inclusion, len(ids))
	err := l.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if err := checkSize(ctx, tx, size); err != nil {
			return err
		}
		for i, id := range ids {
			var idx int64
			err := tx.QueryRow(ctx, "SELECT idx FROM tlog_leaf WHERE event_id = $1", id).Scan(&idx)
			if errors.Is(err, pgx.ErrNoRows) || err == nil && uint64(idx) >= size {
				continue
			}
			if err != nil {
				return err
			}
			leaf, err := nodeHashes(ctx, tx, nodeAt(0, uint64(idx)))
			if err != nil {
				return err
			}
			hashes, err := inclusionProof(ctx, tx, uint64(idx), size)
			if err != nil {
				return err
			}
			out[i] = &Inclusion{EventID: id, Index: uint64(idx), Size: size, LeafHash: leaf[0], Hashes: hashes}
		}
		return nil
	})
	return out, err
}

// Consistency proves the tree of from leaves is a prefix of the tree of to leaves.
func (l Log) Consistency(ctx context.Context, from, to uint64) (Consistency, error) {
	c := Consistency{From: from, To: to}
	if from > to {
		return c, domain.Invalid(domain.FieldError{Field: "from", Code: "range", Message: "from must not exceed to"})
	}
	err := l.Reads.Read(ctx, Name, func(tx pgx.Tx) (err error) {
		if err := checkSize(ctx, tx, to); err != nil {
			return err
		}
		c.Hashes, err = consistencyProof(ctx, tx, from, to)
		return err
	})
	return c, err
}

// checkSize refuses a tree size the tree has not reached.
func checkSize(ctx context.Context, tx pgx.Tx, size uint64) error {
	have, err := treeSize(ctx, tx)
	if err != nil {
		return err
	}
	if size == 0 || size > have {
		return domain.Invalid(domain.FieldError{Field: "size", Code: "range",
			Message: fmt.Sprintf("the tree has %d leaves; ask for a size from 1 to that", have)})
	}
	return nil
}

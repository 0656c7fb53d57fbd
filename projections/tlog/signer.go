package tlog

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"
)

// Signer signs a checkpoint of the tree whenever it has grown, after checking that the tree
// still extends the last checkpoint: a tree rebuilt from an edited log must never be signed.
type Signer struct {
	Log Log
	Key Key
	Now func() time.Time
}

// SplitViewError is a tree that disagrees with a checkpoint already signed: the log it was
// built from no longer holds the events that checkpoint committed to. (A tree smaller than the
// last checkpoint is refused too, with a plain error.)
type SplitViewError struct {
	Signed Checkpoint
	Root   []byte // the tree's root at the signed size
}

func (e *SplitViewError) Error() string {
	return fmt.Sprintf("tlog: the tree's root at size %d is %x, but checkpoint %d signed %x: the log was changed",
		e.Signed.Size, e.Root, e.Signed.Size, e.Signed.Root)
}

// Checkpoint signs and keeps the tree's head if it is larger than the last checkpoint; it
// returns the newest checkpoint and whether it is new.
func (s Signer) Checkpoint(ctx context.Context) (Checkpoint, bool, error) {
	last, err := s.Log.History.latestOrNone(ctx)
	if err != nil {
		return last, false, err
	}
	var head Head
	var before []byte
	err = s.Log.Reads.Read(ctx, Name, func(tx pgx.Tx) (err error) {
		if head.Size, err = treeSize(ctx, tx); err != nil || head.Size <= last.Size {
			return err
		}
		if head.Root, err = rootAt(ctx, tx, head.Size); err != nil {
			return err
		}
		before, err = rootAt(ctx, tx, last.Size)
		return err
	})
	if err == nil && head.Size < last.Size {
		err = fmt.Errorf("tlog: the tree has %d leaves, fewer than checkpoint %d signed: the log lost events", head.Size, last.Size)
	}
	if err != nil || head.Size == last.Size {
		return last, false, err
	}
	if !bytes.Equal(before, last.Root) {
		return last, false, &SplitViewError{Signed: last, Root: before}
	}
	c, err := sign(s.Key.Signer, head.Size, head.Root, s.Now())
	if err == nil {
		err = s.Log.History.add(ctx, c)
	}
	return c, err == nil, err
}

// Run signs a checkpoint at once and then every interval while events arrive, until ctx ends.
func (s Signer) Run(ctx context.Context, every time.Duration, log *zap.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, _, err := s.Checkpoint(ctx); err != nil && ctx.Err() == nil {
			log.Error("transparency log: no checkpoint signed", zap.Error(err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

package documents

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// DefaultSweepGrace is how long a committed blob is spared by a sweep: an upload commits its
// bytes just before appending its event, so a blob committed lately may be one whose event is
// on its way. An hour is far beyond any append.
const DefaultSweepGrace = time.Hour

// SweepReport is what Sweep found: the objects no event references (blobs and staged
// leftovers), and whether it removed them.
type SweepReport struct {
	Unreferenced []Blob
	Bytes        int64 // their total size
	Removed      bool
}

// Sweep finds the committed blobs no attached file in the log references and the staged
// objects never committed, all last touched before cutoff (uploads whose appends failed, or cut
// off by a crash), and removes them when remove is set. The log is read before the blobs are listed, so a blob an upload commits
// meanwhile, even one with bytes stored long ago (its commit renews it), is never taken.
func Sweep(ctx context.Context, log EventLog, blobs BlobStore, cutoff time.Time, remove bool) (SweepReport, error) {
	referenced := map[string]bool{}
	err := eachAttached(ctx, log, func(_ uuid.UUID, doc cases.DocumentAttached) error {
		referenced[doc.StorageKey] = true
		return nil
	})
	if err != nil {
		return SweepReport{}, err
	}
	rep := SweepReport{Removed: remove}
	err = blobs.List(ctx, func(b Blob) error {
		if (!b.Staged && referenced[b.Key]) || !b.Committed.Before(cutoff) {
			return nil
		}
		if remove {
			if err := blobs.Remove(ctx, b.Key); err != nil {
				return fmt.Errorf("remove %s: %w", b.Key, err)
			}
		}
		rep.Unreferenced = append(rep.Unreferenced, b)
		rep.Bytes += b.Size
		return nil
	})
	return rep, err
}

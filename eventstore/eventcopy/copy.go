// Package eventcopy moves a whole event log from one store to another (PostgreSQL to
// EventStoreDB when a deployment outgrows the embedded store), keeping every event's id,
// stream, revision, type, data and metadata, in global order. A copy that stops half way can
// simply be run again: events already in the target are recognised by id and skipped.
package eventcopy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shafaf-city/shafaf/eventstore"
)

// defaultBatch is how many events one read of the source returns.
const defaultBatch = 500

// Options tunes a copy.
type Options struct {
	// BatchSize is how many events each read of the source returns (default 500).
	BatchSize int
	// CountFirst reads the source once before copying so that Progress knows the total.
	CountFirst bool
	// Progress, when set, is called after every batch.
	Progress func(Progress)
}

// Progress is what a long copy reports to its operator.
type Progress struct {
	Done  int64   // events copied or found already in the target
	Total int64   // events in the source, 0 unless Options.CountFirst
	Rate  float64 // events per second since the copy started
}

// Stats sums up a copy.
type Stats struct {
	Events  int64               // events now in the target, copied or already there
	Present int64               // of which were already there (a rerun)
	Last    eventstore.Position // source position of the last event copied
}

// Copy appends every product event of from to to, in from's global order. Each event goes at
// its own revision (NoStream for revision 0, else Exact(revision-1)), so the target's streams
// are the source's, and a rerun finds what an interrupted run wrote. A different event at
// the same place in the target is a *eventstore.ConflictError.
func Copy(ctx context.Context, from, to eventstore.Store, opts Options) (Stats, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = defaultBatch
	}
	var total int64
	if opts.CountFirst {
		var err error
		if total, err = count(ctx, from, opts.BatchSize); err != nil {
			return Stats{}, err
		}
	}
	// A target that already holds events may hold some of these from an interrupted run; its
	// idempotent appends would hide that, so only then is each run checked before appending.
	head, err := to.Head(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("eventcopy: target head: %w", err)
	}
	rerun := !head.IsZero()
	start := time.Now()
	var stats Stats
	for {
		batch, err := from.ReadAll(ctx, stats.Last, eventstore.Filter{}, opts.BatchSize)
		if err != nil {
			return stats, fmt.Errorf("eventcopy: read source after %s: %w", stats.Last, err)
		}
		if len(batch) == 0 {
			return stats, nil
		}
		for _, run := range runs(batch) {
			present, err := copyRun(ctx, to, run, rerun)
			if err != nil {
				return stats, err
			}
			stats.Events += int64(len(run))
			stats.Present += present
			stats.Last = run[len(run)-1].Position
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Done: stats.Events, Total: total, Rate: float64(stats.Events) / time.Since(start).Seconds()})
		}
	}
}

// runs splits a batch into stretches of consecutive revisions of one stream, each appended
// in one call; global order is kept because the stretches are consecutive in the log.
func runs(batch []eventstore.RecordedEvent) [][]eventstore.RecordedEvent {
	var out [][]eventstore.RecordedEvent
	begin := 0
	for i := 1; i <= len(batch); i++ {
		if i == len(batch) || batch[i].Stream != batch[i-1].Stream || batch[i].Revision != batch[i-1].Revision+1 {
			out = append(out, batch[begin:i])
			begin = i
		}
	}
	return out
}

// copyRun appends run at its revisions and reports how many were already there. On a rerun it
// first skips the leading events the target holds, so a run cut in two by an interruption is
// finished; on a conflict it goes event by event.
func copyRun(ctx context.Context, to eventstore.Store, run []eventstore.RecordedEvent, rerun bool) (present int64, err error) {
	for rerun && len(run) > 0 {
		same, err := alreadyThere(ctx, to, run[0])
		if err != nil && !errors.Is(err, eventstore.ErrStreamNotFound) {
			return present, err
		}
		if !same {
			break
		}
		present++
		run = run[1:]
	}
	if len(run) == 0 {
		return present, nil
	}
	if err := appendAt(ctx, to, run); !errors.Is(err, eventstore.ErrConflict) {
		return present, err
	}
	for i := range run {
		err := appendAt(ctx, to, run[i:i+1])
		if !errors.Is(err, eventstore.ErrConflict) {
			if err != nil {
				return present, err
			}
			continue
		}
		if same, rerr := alreadyThere(ctx, to, run[i]); rerr != nil || !same {
			return present, errors.Join(err, rerr)
		}
		present++
	}
	return present, nil
}

// appendAt writes events where they are in the source, and checks that the target agreed.
func appendAt(ctx context.Context, to eventstore.Store, events []eventstore.RecordedEvent) error {
	first := events[0]
	expected := eventstore.NoStream
	if first.Revision > 0 {
		expected = eventstore.Exact(first.Revision - 1)
	}
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		meta := e.Metadata
		first := e.RecordedAt
		meta.FirstRecordedAt = &first
		data[i] = eventstore.EventData{ID: e.ID, Type: e.Type, Data: e.Data, Metadata: meta}
	}
	res, err := to.Append(ctx, first.Stream, expected, data...)
	if err != nil {
		return fmt.Errorf("eventcopy: %s@%d: %w", first.Stream, first.Revision, err)
	}
	if want := events[len(events)-1].Revision; res.LastRevision != want {
		return fmt.Errorf("eventcopy: %s: target wrote revision %d, source has %d", first.Stream, res.LastRevision, want)
	}
	return nil
}

// alreadyThere reports whether the target holds e itself (same id) at e's revision.
func alreadyThere(ctx context.Context, to eventstore.Store, e eventstore.RecordedEvent) (bool, error) {
	got, err := to.ReadStream(ctx, e.Stream, e.Revision, 1)
	if err != nil {
		return false, fmt.Errorf("eventcopy: check %s@%d in the target: %w", e.Stream, e.Revision, err)
	}
	return len(got) == 1 && got[0].ID == e.ID, nil
}

// count reads the whole source once to learn its size.
func count(ctx context.Context, from eventstore.Store, batch int) (int64, error) {
	var n int64
	var after eventstore.Position
	for {
		evs, err := from.ReadAll(ctx, after, eventstore.Filter{}, batch)
		if err != nil {
			return n, fmt.Errorf("eventcopy: count source: %w", err)
		}
		if len(evs) == 0 {
			return n, nil
		}
		n += int64(len(evs))
		after = evs[len(evs)-1].Position
	}
}

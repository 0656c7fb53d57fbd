package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/eventstore"
)

// History is a seeded city held in memory: every stream's events exactly as the commands
// produced them, ready to be loaded into any event store in bulk. The dev server, benchmarks
// and tests that need many events use it: generating in memory and loading whole streams is
// far faster than driving every command through a database.
type History struct {
	mu      sync.Mutex
	order   []string // streams in the order they were first written
	streams map[string][]eventstore.RecordedEvent
	events  int
}

var _ commands.Store = (*History)(nil)

// Generate seeds a city in memory; it is Seed without a database, for generating large
// histories fast (opts.Cases is the knob: about a dozen events per case).
func Generate(ctx context.Context, opts Options) (*History, Summary, error) {
	h := &History{streams: map[string][]eventstore.RecordedEvent{}}
	sum, err := Seed(ctx, h, opts)
	return h, sum, err
}

// Events is how many events the history holds.
func (h *History) Events() int { return h.events }

// Streams lists the streams in the order they were first written.
func (h *History) Streams() []string { return h.order }

// Stream returns one stream's events, oldest first.
func (h *History) Stream(name string) []eventstore.RecordedEvent { return h.streams[name] }

// Append keeps the events in memory with the expected-revision check a real store makes.
func (h *History) Append(_ context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cur := h.streams[stream]
	if !expected.Allows(int64(len(cur)) - 1) {
		return eventstore.AppendResult{}, fmt.Errorf("demo: append to %s: %w", stream, eventstore.ErrConflict)
	}
	if len(cur) == 0 {
		h.order = append(h.order, stream)
	}
	for _, e := range events {
		h.events++
		cur = append(cur, eventstore.RecordedEvent{ID: e.ID, Stream: stream, Revision: uint64(len(cur)), Type: e.Type,
			Data: e.Data, Metadata: e.Metadata, RecordedAt: time.Now(), Position: eventstore.Position{Commit: uint64(h.events)}})
	}
	h.streams[stream] = cur
	last := cur[len(cur)-1]
	return eventstore.AppendResult{LastRevision: last.Revision, Position: last.Position}, nil
}

// ReadStream returns a stream's events from revision from on.
func (h *History) ReadStream(_ context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cur, ok := h.streams[stream]
	if !ok {
		return nil, &eventstore.StreamNotFoundError{Stream: stream}
	}
	if from >= uint64(len(cur)) {
		return nil, nil
	}
	out := cur[from:]
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Appender is the part of an event store that loading a history needs.
type Appender interface {
	Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error)
}

// AppendTo writes the history into store, one append per stream (the whole stream at once),
// from workers goroutines; the events keep their ids, types, data and metadata. The log then
// holds each case's events side by side, as a migration or `eventstore copy` writes them.
func (h *History) AppendTo(ctx context.Context, store Appender, workers int) error {
	shares := make([][]eventstore.RecordedEvent, max(workers, 1))
	for i, s := range h.order {
		shares[i%len(shares)] = append(shares[i%len(shares)], h.streams[s]...)
	}
	return load(ctx, store, shares, true)
}

// AppendInterleaved writes the history as the city lived it: one append per event, in the
// order the events happened, so the log interleaves the cases. Each of workers goroutines owns
// a share of the streams, which keeps every stream in order; across the shares the order is
// the generation order give or take the writers' skew. It is slower than AppendTo.
func (h *History) AppendInterleaved(ctx context.Context, store Appender, workers int) error {
	all := make([]eventstore.RecordedEvent, 0, h.events)
	for _, s := range h.order {
		all = append(all, h.streams[s]...)
	}
	slices.SortFunc(all, func(a, b eventstore.RecordedEvent) int { return a.Position.Compare(b.Position) })
	shares := make([][]eventstore.RecordedEvent, max(workers, 1))
	owner := make(map[string]int, len(h.order))
	for i, s := range h.order {
		owner[s] = i % len(shares)
	}
	for _, e := range all {
		shares[owner[e.Stream]] = append(shares[owner[e.Stream]], e)
	}
	return load(ctx, store, shares, false)
}

// load appends each share's events in order from a goroutine of its own: a stream's events
// in one append when whole, else one append per event.
func load(ctx context.Context, store Appender, shares [][]eventstore.RecordedEvent, whole bool) error {
	errs := make([]error, len(shares))
	var wg sync.WaitGroup
	for i, share := range shares {
		wg.Go(func() {
			for len(share) > 0 {
				n := 1
				for whole && n < len(share) && share[n].Stream == share[0].Stream {
					n++
				}
				data := make([]eventstore.EventData, n)
				for j, r := range share[:n] {
					data[j] = eventstore.EventData{ID: r.ID, Type: r.Type, Data: r.Data, Metadata: r.Metadata}
				}
				expected := eventstore.NoStream
				switch {
				case strings.HasPrefix(share[0].Stream, commands.TrackingStreamPrefix):
					// a tracking-number counter: histories loaded into one store share it, so
					// later submissions never take a number a loaded case has
					expected = eventstore.Any
				case share[0].Revision > 0:
					expected = eventstore.Exact(share[0].Revision - 1)
				}
				if _, err := store.Append(ctx, share[0].Stream, expected, data...); err != nil {
					errs[i] = fmt.Errorf("demo: load %s: %w", share[0].Stream, err)
					return
				}
				share = share[n:]
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/tracking"
	"github.com/shafaf-city/shafaf/eventstore"
)

// TrackingStreamPrefix begins the counter streams of tracking numbers, one per Jalali year and
// service group; no projection of cases reads them.
const TrackingStreamPrefix = "tracking-"

// numberAllocated is the event of a counter stream: its revision + 1 is the sequence the case
// got. The event id is derived from the case id, so a case never holds two numbers.
const numberAllocated = "tracking.NumberAllocated.v1"

// trackingNamespace names the ids of allocation events.
var trackingNamespace = uuid.MustParse("0f6f3c0e-2b7a-4d59-9a43-6c1f7e0d8a25")

// allocation is the payload of numberAllocated.
type allocation struct {
	CaseID uuid.UUID `json:"case_id"`
}

// numbers hands out tracking numbers. Uniqueness comes from the event store alone: each number
// is an append to its series' counter stream at the expected revision, and a conflict (another
// process took the sequence, or a process started: it expects no stream) reads the newcomers
// and tries the next one. That works the same on PostgreSQL and EventStoreDB. What a process
// has read of a series is kept, so an allocation reads only what others appended since, and a
// rerun for a case that already has a number (a crash before its submission was stored) finds
// it again.
type numbers struct {
	store  Store
	mu     sync.Mutex
	series map[string]*series
}

// series is what this process knows of one counter stream. Allocations of one series are
// serial (each is an append at the next revision), so the one holding mu numbers every case
// waiting in queue with it in one append: one commit for a burst of submissions instead of one
// each (under load the lock's queue was where submissions spent their time).
type series struct {
	mu     sync.Mutex
	next   uint64 // revisions read or written so far
	byCase map[uuid.UUID]uint64
	unsure bool // the stream may hold allocations this process has not read

	queueMu sync.Mutex
	queue   []uuid.UUID // cases waiting for mu, numbered by whoever holds it next
}

// wait puts case id in the queue the next holder of mu numbers.
func (s *series) wait(id uuid.UUID) {
	s.queueMu.Lock()
	s.queue = append(s.queue, id)
	s.queueMu.Unlock()
}

// batch is id and the waiting cases that have no number yet, id first; s.mu is held.
func (s *series) batch(id uuid.UUID) []uuid.UUID {
	s.queueMu.Lock()
	waiting := s.queue
	s.queue = nil
	s.queueMu.Unlock()
	ids := []uuid.UUID{id}
	seen := map[uuid.UUID]bool{id: true} // a retry may wait beside its first try
	for _, w := range waiting {
		if _, done := s.byCase[w]; !done && !seen[w] {
			seen[w] = true
			ids = append(ids, w)
		}
	}
	return ids
}

func newNumbers(store Store) *numbers { return &numbers{store: store, series: map[string]*series{}} }

func (n *numbers) of(name string) *series {
	n.mu.Lock()
	defer n.mu.Unlock()
	s, ok := n.series[name]
	if !ok {
		s = &series{byCase: map[uuid.UUID]uint64{}}
		n.series[name] = s
	}
	return s
}

// maxAllocationAttempts bounds the retries of one allocation under contention; each conflict
// means another submission got a number, so the system as a whole always moves on.
const maxAllocationAttempts = 64

// allocate returns the tracking number of case id, submitted at in group g.
func (n *numbers) allocate(ctx context.Context, id uuid.UUID, g access.Group, at time.Time) (string, error) {
	year := jalali.FromTime(at).Year
	name, err := tracking.Series(year, g)
	if err != nil {
		return "", err
	}
	stream := TrackingStreamPrefix + name
	s := n.of(stream)
	s.wait(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.batch(id)
	for attempt := 0; ; attempt++ {
		if seq, ok := s.byCase[id]; ok { // numbered by an earlier holder's batch, or by this one
			num, err := tracking.New(year, g, seq)
			return num.String(), err
		}
		if attempt == maxAllocationAttempts {
			return "", storeError(fmt.Errorf("tracking number of %s: %w", stream, eventstore.ErrConflict))
		}
		// Only a conflict, or an append whose outcome is unknown, says the stream holds numbers
		// this process has not read; otherwise the append goes straight out. The lock is held
		// for one round trip instead of two (under load every submission queued here).
		if s.unsure {
			if err := s.catchUp(ctx, n.store, stream); err != nil {
				return "", err
			}
			s.unsure = false
		}
		if ids = s.unnumbered(ids); len(ids) == 0 {
			continue // the catch-up found id numbered
		}
		expected := eventstore.NoStream
		if s.next > 0 {
			expected = eventstore.Exact(s.next - 1)
		}
		res, err := n.store.Append(ctx, stream, expected, allocationEvents(ids)...)
		if err != nil {
			s.unsure = true
			if errors.Is(err, eventstore.ErrConflict) {
				continue
			}
			return "", storeError(err)
		}
		// Numbered where the store says the events are: a retry of an append another process
		// (or an earlier, unanswered try) made is answered with where it landed then.
		first := res.LastRevision + 1 - uint64(len(ids))
		for i, c := range ids {
			s.byCase[c] = first + uint64(i) + 1
		}
		s.next = max(s.next, res.LastRevision+1)
	}
}

// unnumbered is ids without the cases a catch-up found numbered (by another process, or
// before a crash), in their order.
func (s *series) unnumbered(ids []uuid.UUID) []uuid.UUID {
	out := ids[:0]
	for _, c := range ids {
		if _, done := s.byCase[c]; !done {
			out = append(out, c)
		}
	}
	return out
}

// allocationEvents are the counter stream's events for ids, one each; an event's id is derived
// from its case's, so a case never holds two numbers.
func allocationEvents(ids []uuid.UUID) []eventstore.EventData {
	evs := make([]eventstore.EventData, len(ids))
	for i, c := range ids {
		payload, _ := json.Marshal(allocation{CaseID: c})
		evs[i] = eventstore.EventData{ID: uuid.NewSHA1(trackingNamespace, []byte(c.String())), Type: numberAllocated, Data: payload}
	}
	return evs
}

// catchUp reads the allocations of stream this process has not seen.
func (s *series) catchUp(ctx context.Context, store Store, stream string) error {
	recs, err := store.ReadStream(ctx, stream, s.next, 0)
	var missing *eventstore.StreamNotFoundError
	if errors.As(err, &missing) {
		return nil
	}
	if err != nil {
		return storeError(err)
	}
	for _, r := range recs {
		var a allocation
		if err := json.Unmarshal(r.Data, &a); err != nil {
			return fmt.Errorf("%s revision %d: %w", stream, r.Revision, err)
		}
		s.byCase[a.CaseID] = r.Revision + 1
		s.next = r.Revision + 1
	}
	return nil
}

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
// process took the sequence) reads the newcomers and tries the next one. That works the same on
// PostgreSQL and EventStoreDB. What a process has read of a series is kept, so an allocation
// reads only what others appended since, and a rerun for a case that already has a number
// (a crash before its submission was stored) finds it again.
type numbers struct {
	store  Store
	mu     sync.Mutex
	series map[string]*series
}

// series is what this process knows of one counter stream.
type series struct {
	mu     sync.Mutex
	next   uint64 // revisions read so far
	byCase map[uuid.UUID]uint64
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
	s.mu.Lock()
	defer s.mu.Unlock()
	payload, _ := json.Marshal(allocation{CaseID: id})
	ev := eventstore.EventData{ID: uuid.NewSHA1(trackingNamespace, []byte(id.String())), Type: numberAllocated, Data: payload}
	for range maxAllocationAttempts {
		if err := s.catchUp(ctx, n.store, stream); err != nil {
			return "", err
		}
		seq, ok := s.byCase[id]
		if !ok {
			expected := eventstore.NoStream
			if s.next > 0 {
				expected = eventstore.Exact(s.next - 1)
			}
			_, err := n.store.Append(ctx, stream, expected, ev)
			if errors.Is(err, eventstore.ErrConflict) {
				continue
			}
			if err != nil {
				return "", storeError(err)
			}
			seq = s.next + 1
			s.byCase[id], s.next = seq, s.next+1
		}
		num, err := tracking.New(year, g, seq)
		return num.String(), err
	}
	return "", storeError(fmt.Errorf("tracking number of %s: %w", stream, eventstore.ErrConflict))
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

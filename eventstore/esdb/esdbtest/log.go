package esdbtest

import (
	"math"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
)

// tombstoneRevision is the revision the real server gives a $streamDeleted record.
const tombstoneRevision = math.MaxInt64

// firstPosition is where the first record lands, as in a fresh EventStoreDB, so that the zero
// position keeps meaning "start of the log".
const firstPosition = 167

// record is one event in the log. Records never change once written, so readers may hold them
// outside the lock.
type record struct {
	id          uuid.UUID
	stream      string
	revision    uint64
	pos         uint64 // commit == prepare, as on a single node
	eventType   string
	contentType string
	created     int64 // .NET ticks since the Unix epoch
	data        []byte
	custom      []byte
}

// stream is what the log knows about one stream name.
type stream struct {
	events     []*record // index == revision
	ids        map[uuid.UUID]uint64
	tombstoned bool
}

// last is the stream's last revision, -1 when it holds no event.
func (s *stream) last() int64 {
	if s == nil {
		return -1
	}
	return int64(len(s.events)) - 1
}

// db is the whole in-memory log: $all in order plus an index per stream.
type db struct {
	mu      sync.Mutex
	all     []*record
	streams map[string]*stream
	next    uint64
	changed chan struct{} // closed and replaced on every write: wakes live subscriptions
	dropped chan struct{} // closed and replaced by Server.DropSubscriptions
	now     func() time.Time
}

// newDB is the log of a fresh EventStoreDB, its own system events already written.
func newDB() *db {
	d := &db{
		streams: map[string]*stream{},
		next:    firstPosition,
		changed: make(chan struct{}),
		dropped: make(chan struct{}),
		now:     time.Now,
	}
	d.seedSystemEvents()
	return d
}

// proposed is an event as it arrives in an append.
type proposed struct {
	id          uuid.UUID
	eventType   string
	contentType string
	data        []byte
	custom      []byte
}

// write appends events to name without any check; callers hold d.mu.
func (d *db) write(name string, revision func(i int) uint64, events []proposed) []*record {
	st := d.streams[name]
	if st == nil {
		st = &stream{ids: map[uuid.UUID]uint64{}}
		d.streams[name] = st
	}
	out := make([]*record, 0, len(events))
	for i, e := range events {
		r := &record{
			id: e.id, stream: name, revision: revision(i), pos: d.next,
			eventType: e.eventType, contentType: e.contentType,
			created: d.now().UnixNano() / 100, data: e.data, custom: e.custom,
		}
		// Record sizes make positions non-contiguous, like byte offsets in a real log.
		d.next += uint64(96 + len(name) + len(e.eventType) + len(e.data) + len(e.custom))
		d.all = append(d.all, r)
		if r.revision != tombstoneRevision {
			st.events = append(st.events, r)
			st.ids[e.id] = r.revision
		}
		out = append(out, r)
	}
	close(d.changed)
	d.changed = make(chan struct{})
	return out
}

// appendNext writes events after the stream's current end; callers hold d.mu.
func (d *db) appendNext(name string, events []proposed) []*record {
	base := uint64(d.streams[name].last() + 1)
	return d.write(name, func(i int) uint64 { return base + uint64(i) }, events)
}

// snapshot returns the records from index i on and the channels that signal what comes next.
func (d *db) snapshot(i int) (recs []*record, changed, dropped <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.all[i:len(d.all):len(d.all)], d.changed, d.dropped
}

// firstAfter is the index of the first record whose position is strictly after pos.
func (d *db) firstAfter(pos uint64) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return sort.Search(len(d.all), func(i int) bool { return d.all[i].pos > pos })
}

// end is the number of records in the log, the index a subscription from End starts at.
func (d *db) end() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.all)
}

// dropSubscriptions ends every open subscription, as a server restart or overload would.
func (d *db) dropSubscriptions() {
	d.mu.Lock()
	defer d.mu.Unlock()
	close(d.dropped)
	d.dropped = make(chan struct{})
}

// RewriteEvent replaces the data of the i-th event of $all by edit's answer and returns its
// id: what an operator restoring an altered backup would leave behind. The transparency log's
// tamper tests need it; a real node offers nothing like it to clients.
func (s *Server) RewriteEvent(i int, edit func(data []byte) []byte) uuid.UUID {
	d := s.db
	d.mu.Lock()
	defer d.mu.Unlock()
	old := d.all[i]
	altered := *old
	altered.data = edit(append([]byte(nil), old.data...))
	d.all[i] = &altered // records never change in place: readers may hold the old one
	d.streams[old.stream].events[old.revision] = &altered
	return old.id
}

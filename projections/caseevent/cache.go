package caseevent

import (
	"encoding/binary"
	"sync"

	"github.com/google/uuid"
)

// cacheSize is how many decoded events the read models share. The runtime feeds its read
// models from one read of the log (eventstore/fanout, whose buffer holds 32,768 messages) and
// they drift apart by up to that much while catching up; a cache twice that size lets the
// slowest still find what the fastest decoded, so each event is decoded once, not once per
// read model.
const cacheSize = 1 << 16

// cacheShards split the cache so six read models decoding at once rarely wait on one lock.
const cacheShards = 16

// cache holds recently decoded events by event id. The domain events in it are shared by every
// read model, which only read them.
type cache struct {
	shards [cacheShards]cacheShard
}

// cacheShard keeps two generations of entries: new ones go to recent, and when recent is full
// it becomes older and the old older is emptied for reuse. That bounds the shard without
// deleting single entries, which left a map's probes longer with every eviction; keys are an
// id's second half (random in version-4 and version-7 ids alike), faster to hash than 16 bytes.
type cacheShard struct {
	mu            sync.Mutex
	recent, older map[uint64]cached
}

type cached struct {
	id uuid.UUID
	ev Event
}

// generation is how many entries a shard's recent map takes before it turns older.
const generation = cacheSize / cacheShards / 2

var decoded = newCache()

func newCache() *cache {
	c := &cache{}
	for i := range c.shards {
		c.shards[i].recent = make(map[uint64]cached, generation)
		c.shards[i].older = make(map[uint64]cached, generation)
	}
	return c
}

func key(id uuid.UUID) uint64 { return binary.LittleEndian.Uint64(id[8:]) }

// shard picks by the id's last byte, random for the version-4 ids events carry.
func (c *cache) shard(id uuid.UUID) *cacheShard { return &c.shards[int(id[15])%cacheShards] }

func (c *cache) get(id uuid.UUID) (Event, bool) {
	s, k := c.shard(id), key(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.recent[k]; ok && e.id == id {
		return e.ev, true
	}
	if e, ok := s.older[k]; ok && e.id == id {
		return e.ev, true
	}
	return Event{}, false
}

func (c *cache) put(id uuid.UUID, e Event) {
	s, k := c.shard(id), key(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.recent) >= generation {
		s.recent, s.older = s.older, s.recent
		clear(s.recent)
	}
	s.recent[k] = cached{id: id, ev: e}
}

package caseevent

import (
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

type cacheShard struct {
	mu   sync.Mutex
	byID map[uuid.UUID]Event
	ring [cacheSize / cacheShards]uuid.UUID // ids in insertion order; the oldest is evicted first
	next int
}

var decoded = newCache()

func newCache() *cache {
	c := &cache{}
	for i := range c.shards {
		c.shards[i].byID = make(map[uuid.UUID]Event, cacheSize/cacheShards)
	}
	return c
}

// shard picks by the id's last byte, random for the version-4 ids events carry.
func (c *cache) shard(id uuid.UUID) *cacheShard { return &c.shards[int(id[15])%cacheShards] }

func (c *cache) get(id uuid.UUID) (Event, bool) {
	s := c.shard(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	return e, ok
}

func (c *cache) put(id uuid.UUID, e Event) {
	s := c.shard(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[id]; ok {
		return
	}
	if old := s.ring[s.next]; old != uuid.Nil {
		delete(s.byID, old)
	}
	s.ring[s.next] = id
	s.next = (s.next + 1) % len(s.ring)
	s.byID[id] = e
}

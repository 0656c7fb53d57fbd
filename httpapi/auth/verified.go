package auth

import (
	"crypto/sha256"
	"slices"
	"sync"
	"time"
)

// Checking a token's signature was the largest single CPU cost of a request under load (ES256:
// ~9 % of the server's CPU at 1,000 req/s), and a client sends the same token with every call
// of a page. A token verified a moment ago is therefore taken on trust for a short while.
const (
	// verifiedTTL bounds that trust, so a key the provider withdraws stops working at most
	// this long after SHAFAF_JWKS_MAX_AGE would have stopped it. It is shorter than the clock
	// leeway, so an expired token is never taken past what a full check would allow.
	verifiedTTL = 10 * time.Second
	// verifiedMax bounds the memory: a full cache is emptied and refills from live traffic.
	verifiedMax = 4096
)

// verifiedTokens remembers recently verified tokens by their SHA-256, never the token itself.
type verifiedTokens struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[[sha256.Size]byte]verifiedToken
}

type verifiedToken struct {
	p     Principal
	until time.Time
}

func newVerifiedTokens(now func() time.Time) *verifiedTokens {
	return &verifiedTokens{now: now, m: map[[sha256.Size]byte]verifiedToken{}}
}

// get is the principal of raw if it was verified within verifiedTTL and has not expired.
func (c *verifiedTokens) get(raw string) (Principal, bool) {
	key := sha256.Sum256([]byte(raw))
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || !c.now().Before(e.until) {
		return Principal{}, false
	}
	e.p.Roles = slices.Clone(e.p.Roles) // a caller may not change what the next one gets
	return e.p, true
}

// put remembers raw, just verified as p, for verifiedTTL.
func (c *verifiedTokens) put(raw string, p Principal) {
	key := sha256.Sum256([]byte(raw))
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= verifiedMax {
		clear(c.m)
	}
	c.m[key] = verifiedToken{p: p, until: c.now().Add(verifiedTTL)}
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// jwks caches an OIDC provider's key set. It refetches when the set is older than its
// lifetime (the configured maximum, or a shorter Cache-Control max-age), and at once when a
// token names an unknown kid (key rotation), at most refreshBurst times and then once per
// refreshEvery, so forged kids cannot hammer the provider.
type jwks struct {
	url      string                                // the key set; empty until discover finds it
	discover func(context.Context) (string, error) // nil without SHAFAF_OIDC_ISSUER
	client   *http.Client
	now      func() time.Time
	maxAge   time.Duration
	early    *limiter // unknown-kid refreshes

	fetchMu sync.Mutex // one fetch at a time; waiters reuse its result

	mu        sync.RWMutex
	keys      map[string]jwk
	fetchedAt time.Time
	ttl       time.Duration
	triedAt   time.Time
}

// Unknown-kid refreshes: a rotation is picked up at once; a flood of forged kids costs the
// provider at most one fetch per refreshEvery after the first refreshBurst.
const (
	refreshBurst = 3
	refreshEvery = 10 * time.Second
	// minTTL keeps a provider answering max-age=0 from being fetched for every token.
	minTTL = 10 * time.Second
)

func (s *jwks) key(ctx context.Context, kid, alg string) (any, error) {
	if k, ok, fresh := s.cached(kid); ok && fresh {
		return pinned(k, alg)
	}
	s.fetchMu.Lock()
	defer s.fetchMu.Unlock()
	k, ok, fresh := s.cached(kid)
	if ok && fresh {
		return pinned(k, alg)
	}
	// A stale set is refreshed unless the provider just failed; an unknown kid in a fresh set
	// only while the limiter allows.
	if fresh && s.early.retryAfter("") == 0 || !fresh && s.mayRetry() {
		if fresh {
			s.early.fail("")
		}
		// A client hanging up must not fail the fetch others are waiting for.
		if err := s.refresh(context.WithoutCancel(ctx)); err != nil {
			if ok { // the provider is down: a known key is still the best evidence
				return pinned(k, alg)
			}
			return nil, failure(CodeKeysUnavailable, err)
		}
		k, ok, _ = s.cached(kid)
	}
	if !ok {
		if s.neverFetched() {
			return nil, failure(CodeKeysUnavailable, errors.New("auth: key set not fetched yet"))
		}
		return nil, fmt.Errorf("%w (kid %q is not in the key set)", errUnknownKey, kid)
	}
	return pinned(k, alg)
}

// ready fetches the key set unless a fresh one is held, and says why there is none to verify
// with: unreachable, not a key set, or empty. A stale set the provider cannot refresh still
// verifies tokens, so it counts as ready.
func (s *jwks) ready(ctx context.Context) error {
	if _, _, fresh := s.cached(""); fresh {
		return nil
	}
	s.fetchMu.Lock()
	defer s.fetchMu.Unlock()
	if _, _, fresh := s.cached(""); fresh {
		return nil
	}
	err := s.refresh(ctx)
	if err != nil && !s.neverFetched() {
		return nil
	}
	return err
}

// cached finds kid (or the only key when the token names none) and says
// whether the set is still within its time to live.
func (s *jwks) cached(kid string) (k jwk, ok, fresh bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fresh = !s.fetchedAt.IsZero() && s.now().Sub(s.fetchedAt) < s.ttl
	if kid == "" && len(s.keys) == 1 {
		for _, only := range s.keys {
			return only, true, fresh
		}
	}
	k, ok = s.keys[kid]
	return k, ok, fresh
}

// mayRetry is false for refreshEvery after a fetch, so a provider that is down is not asked
// again for every token.
func (s *jwks) mayRetry() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.triedAt.IsZero() || s.now().Sub(s.triedAt) >= refreshEvery
}

func (s *jwks) neverFetched() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fetchedAt.IsZero()
}

func (s *jwks) refresh(ctx context.Context) error {
	s.mu.Lock()
	s.triedAt = s.now()
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if s.url == "" {
		u, err := s.discover(ctx)
		if err != nil {
			return err
		}
		s.url = u
	}
	data, header, err := get(ctx, s.client, s.url)
	if err != nil {
		return fmt.Errorf("auth: key set: %w", err)
	}
	keys, err := parseJWKS(data)
	if err != nil {
		return fmt.Errorf("auth: key set %s: %w", s.url, err)
	}
	if len(keys) == 0 {
		return fmt.Errorf("auth: key set %s holds no signing key Shafaf can use (RSA ≥ 2048 bits, EC P-256/384/521, Ed25519)", s.url)
	}
	s.mu.Lock()
	s.keys, s.fetchedAt, s.ttl = keys, s.now(), lifetime(header.Get("Cache-Control"), s.maxAge)
	s.mu.Unlock()
	return nil
}

// get fetches a small JSON document from the provider.
func get(ctx context.Context, client *http.Client, url string) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return data, resp.Header, err
}

// lifetime is max-age from a Cache-Control header when it is shorter than maxAge, never
// below minTTL; no-store and no-cache count as max-age=0.
func lifetime(cacheControl string, maxAge time.Duration) time.Duration {
	ttl := maxAge
	for directive := range strings.SplitSeq(strings.ToLower(cacheControl), ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(directive), "=")
		switch name {
		case "no-store", "no-cache":
			ttl = 0
		case "max-age":
			if secs, err := strconv.Atoi(strings.Trim(value, `"`)); err == nil && secs >= 0 {
				ttl = min(ttl, time.Duration(secs)*time.Second)
			}
		}
	}
	return max(ttl, minTTL)
}

// pinned refuses a key whose set pins it to another algorithm.
func pinned(k jwk, alg string) (any, error) {
	if k.alg != "" && k.alg != alg {
		return nil, fmt.Errorf("auth: key is for %s, token uses %s", k.alg, alg)
	}
	return k.key, nil
}

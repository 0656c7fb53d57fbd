package auth

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// jwks caches an OIDC provider's key set. It refetches when the set is
// stale, and early when a token names an unknown kid (key rotation) but at
// most once per minInterval, so forged kids cannot hammer the provider.
type jwks struct {
	url         string
	client      *http.Client
	now         func() time.Time
	ttl         time.Duration
	minInterval time.Duration

	fetchMu sync.Mutex // one fetch at a time; waiters reuse its result

	mu        sync.RWMutex
	keys      map[string]jwk
	fetchedAt time.Time
	triedAt   time.Time
}

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
	s.mu.RLock()
	mayFetch := s.triedAt.IsZero() || s.now().Sub(s.triedAt) >= s.minInterval
	s.mu.RUnlock()
	if mayFetch {
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
			return nil, failure(CodeKeysUnavailable, fmt.Errorf("auth: key set %s not fetched yet", s.url))
		}
		return nil, errUnknownKey
	}
	return pinned(k, alg)
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
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("auth: key set %s: HTTP %d", s.url, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	keys, err := parseJWKS(data)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.keys, s.fetchedAt = keys, s.now()
	s.mu.Unlock()
	return nil
}

// pinned refuses a key whose set pins it to another algorithm.
func pinned(k jwk, alg string) (any, error) {
	if k.alg != "" && k.alg != alg {
		return nil, fmt.Errorf("auth: key is for %s, token uses %s", k.alg, alg)
	}
	return k.key, nil
}

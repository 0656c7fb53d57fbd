// Package audit checks the transparency log from outside, as an inspector, a journalist or a
// court would: with the municipality's public key and the public endpoints only (and, to
// recompute the tree, read access to the events). Proofs are checked with the merkle library's
// verifier, never with the code that produced them; what it shares with the server is the leaf
// encoding, which docs/transparency-log.md specifies byte by byte.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client reads a Shafaf server's transparency endpoints.
type Client struct {
	Base  string       // e.g. https://shafaf.example.ir
	Token string       // a bearer token, for a case's history only
	HTTP  *http.Client // nil: http.DefaultClient
}

// maxWaits bounds how often one request waits out the public rate limit (429 Retry-After).
const maxWaits = 30

// StatusError is an answer other than 200.
type StatusError struct {
	Status int
	Body   string
}

func (e *StatusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Status, e.Body) }

// get fetches path (with query) and returns the body of a 200 answer.
func (c Client) get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	u := strings.TrimRight(c.Base, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	for waits := 0; ; waits++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		if c.Token != "" {
			req.Header.Set("Authorization", "Bearer "+c.Token)
		}
		res, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, 256<<20))
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		if res.StatusCode == http.StatusTooManyRequests && waits < maxWaits {
			secs, _ := strconv.Atoi(res.Header.Get("Retry-After"))
			select {
			case <-time.After(time.Duration(max(secs, 1)) * time.Second):
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if res.StatusCode != http.StatusOK {
			return nil, &StatusError{Status: res.StatusCode, Body: strings.TrimSpace(string(body))}
		}
		return body, nil
	}
}

// getJSON fetches path and decodes its JSON answer into dst.
func (c Client) getJSON(ctx context.Context, path string, query url.Values, dst any) error {
	body, err := c.get(ctx, path, query)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

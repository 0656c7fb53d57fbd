package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
)

// Header is the request header that names a retry-safe request.
const Header = "Idempotency-Key"

// ReplayedHeader marks a response that is a stored copy, not a fresh execution.
const ReplayedHeader = "Idempotent-Replayed"

const (
	maxKeyLen = 255
	// maxBody matches the API's body limit; a longer body is fingerprinted by its prefix and
	// refused by the handler anyway.
	maxBody = 1 << 20
	// waitFor is how long a duplicate waits for its twin to finish before answering 409.
	waitFor = 2 * time.Second
	pollGap = 25 * time.Millisecond
)

// Rules named in the problems this package answers with.
const (
	RuleKeyReused  = "idempotency_key_reused"
	RuleInProgress = "idempotency_in_progress"
)

// replayed are the response headers a replay repeats.
var replayed = []string{"Content-Type", "ETag", "Location"}

// Middleware makes every POST that carries Idempotency-Key run at most once per caller and key.
// scope names the caller (a request it cannot name goes on and is refused by its handler);
// fail writes a problem for an error.
func Middleware(store *Store, scope func(*gin.Context) (string, error), fail func(*gin.Context, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		key := c.GetHeader(Header)
		if key == "" || c.Request.Method != http.MethodPost {
			c.Next()
			return
		}
		if len(key) > maxKeyLen {
			fail(c, domain.Invalid(domain.FieldError{Field: Header, Code: "too_long", Message: "at most 255 characters"}))
			return
		}
		who, err := scope(c)
		if err != nil {
			c.Next()
			return
		}
		body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxBody+1))
		if err != nil {
			fail(c, domain.Invalid(domain.FieldError{Field: "body", Code: "unreadable", Message: err.Error()}))
			return
		}
		c.Request.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), c.Request.Body))
		fp := fingerprint(c.Request, body)
		claim, err := store.claimWaiting(c.Request.Context(), who, key, fp)
		if err != nil {
			fail(c, problemOf(c, err))
			return
		}
		if !claim.Run {
			replay(c, claim.Replay)
			return
		}
		c.Request = c.Request.WithContext(commands.WithRetrySeed(c.Request.Context(), seed(who, key, fp)))
		run(c, store, who, key)
	}
}

// run executes the request and keeps its response; a 5xx is forgotten so a retry runs again.
func run(c *gin.Context, store *Store, who, key string) {
	rec := &recorder{ResponseWriter: c.Writer}
	c.Writer = rec
	// The answer is stored even when the client has hung up: that is when it will retry.
	ctx := context.WithoutCancel(c.Request.Context())
	release := func(ctx context.Context) error { return store.Release(ctx, who, key) }
	defer func() {
		if p := recover(); p != nil {
			store.settle(ctx, "release", key, release)
			panic(p)
		}
	}()
	c.Next()
	status := rec.Status()
	if status >= 500 {
		store.settle(ctx, "release", key, release)
		return
	}
	headers := map[string]string{}
	for _, h := range replayed {
		if v := rec.Header().Get(h); v != "" {
			headers[h] = v
		}
	}
	r := Response{Status: status, Headers: headers, Body: rec.body.Bytes()}
	store.settle(ctx, "complete", key, func(ctx context.Context) error { return store.Complete(ctx, who, key, r) })
}

// seed names one request of one caller for commands.WithRetrySeed: every attempt of it, on
// any instance, writes events with the same ids.
func seed(who, key string, fp []byte) []byte {
	h := sha256.New()
	h.Write([]byte(strconv.Itoa(len(who)) + ":" + who + strconv.Itoa(len(key)) + ":" + key))
	h.Write(fp)
	return h.Sum(nil)
}

func replay(c *gin.Context, r Response) {
	for h, v := range r.Headers {
		c.Header(h, v)
	}
	c.Header(ReplayedHeader, "true")
	c.Data(r.Status, r.Headers["Content-Type"], r.Body)
	c.Abort()
}

// claimWaiting claims the key, waiting a little while a twin request still runs.
func (s *Store) claimWaiting(ctx context.Context, scope, key string, fp []byte) (Claim, error) {
	deadline := time.Now().Add(waitFor)
	for {
		cl, err := s.Claim(ctx, scope, key, fp)
		if !errors.Is(err, ErrInProgress) || time.Now().After(deadline) {
			return cl, err
		}
		select {
		case <-ctx.Done():
			return Claim{}, ctx.Err()
		case <-time.After(pollGap):
		}
	}
}

// fingerprint identifies a request: the same key on another path or with another body is a
// client bug, not a retry.
func fingerprint(r *http.Request, body []byte) []byte {
	h := sha256.New()
	// The length covers the tail of a body longer than the part read (an upload).
	h.Write([]byte(r.Method + " " + r.URL.Path + " " + strconv.FormatInt(r.ContentLength, 10) + "\n"))
	h.Write(body)
	return h.Sum(nil)
}

func problemOf(c *gin.Context, err error) error {
	switch {
	case errors.Is(err, ErrKeyReused):
		return &domain.Error{Code: domain.CodeRuleViolated, Rule: RuleKeyReused, Err: err,
			Message: "this Idempotency-Key was already used for a different request; use a new key"}
	case errors.Is(err, ErrInProgress):
		c.Header("Retry-After", "1")
		return &domain.Error{Code: domain.CodeConflict, Rule: RuleInProgress, Err: err,
			Message: "the first request with this Idempotency-Key is still running; retry shortly"}
	}
	return err
}

// recorder copies what the handler writes, for the replay.
type recorder struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) WriteString(s string) (int, error) {
	r.body.WriteString(s)
	return r.ResponseWriter.WriteString(s)
}

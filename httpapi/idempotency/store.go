// Package idempotency makes retried commands safe: the first request under an Idempotency-Key
// runs, and every retry with the same key gets the first response back without running again.
package idempotency

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/deploy/pgmigrate"
)

// TTL is how long a key and its response are kept; a retry after that runs the command again.
const TTL = 24 * time.Hour

// abandonAfter is when an unfinished key held by a live instance counts as left behind (its
// Complete and Release both failed for good), so a retry may take it over. A key whose holder
// died is taken over at once; either way the rerun writes the events of the first attempt
// (commands.WithRetrySeed), never a second set.
const abandonAfter = time.Minute

//go:embed migrations/*.sql
var migrations embed.FS

// Store keeps keys and responses in PostgreSQL, so every replica sees every key.
type Store struct {
	pool   *pgxpool.Pool
	log    *zap.Logger
	holder int32 // this instance's number, locked while it lives (holder.go)

	lifetime context.Context // ends with Close
	stop     context.CancelFunc
	mu       sync.Mutex     // orders background work started against Close
	closed   bool           // under mu
	running  sync.WaitGroup // the holder lock's keeper and keys still being settled
}

// Open applies the package's migrations, takes this instance's holder lock and returns the
// store; Close releases it.
func Open(ctx context.Context, pool *pgxpool.Pool, log *zap.Logger) (*Store, error) {
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	if err := pgmigrate.Apply(ctx, pool, "idempotency", files); err != nil {
		return nil, fmt.Errorf("idempotency: %w", err)
	}
	s := &Store{pool: pool, log: log}
	if err := pool.QueryRow(ctx, "SELECT nextval('idempotency_holders')::integer").Scan(&s.holder); err != nil {
		return nil, fmt.Errorf("idempotency: holder number: %w", err)
	}
	conn, err := s.hold(ctx)
	if err != nil {
		return nil, err
	}
	s.lifetime, s.stop = context.WithCancel(context.Background())
	s.background(func() { s.keep(s.lifetime, conn) })
	return s, nil
}

// Close stops settling keys and releases the holder lock: keys this instance still holds are
// from then on taken over by the first retry.
func (s *Store) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
	s.running.Wait()
}

// background runs f in a goroutine Close waits for; false once closed, when f does not run.
func (s *Store) background(f func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.running.Go(f)
	return true
}

// Response is what a replay sends back.
type Response struct {
	Status  int
	Headers map[string]string // the ones worth replaying: Content-Type, ETag, Location
	Body    []byte
}

// Claim outcomes: the caller runs the request (Run), or replays Response (Replay).
type Claim struct {
	Run    bool
	Replay Response
}

// Errors of Claim: the key was used for another request, or its first request still runs.
var (
	ErrKeyReused  = errors.New("idempotency: key reused with another request")
	ErrInProgress = errors.New("idempotency: the first request with this key is still running")
)

// Claim takes key for the request with fingerprint fp: it is the caller's to run when new,
// expired, or abandoned (its holder died, or it is older than abandonAfter); otherwise the
// stored response is returned, or ErrKeyReused or ErrInProgress.
func (s *Store) Claim(ctx context.Context, scope, key string, fp []byte) (Claim, error) {
	// One statement: a new key inserts, a stale one is taken over, a live one is left alone and
	// read back below.
	tag, err := s.pool.Exec(ctx, `INSERT INTO idempotency_keys (scope, key, fingerprint, holder, expires_at)
		VALUES ($1, $2, $3, $6, now() + $4::interval)
		ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, done = false, status = NULL,
			headers = NULL, body = NULL, holder = EXCLUDED.holder, started_at = now(), expires_at = EXCLUDED.expires_at
		WHERE idempotency_keys.expires_at < now()
		   OR (NOT idempotency_keys.done AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
		       AND (idempotency_keys.started_at < now() - $5::interval
		            OR NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
		                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		                AND classid::int8 = $7 AND objid::int8 = idempotency_keys.holder AND objsubid = 2)))`,
		scope, key, fp, TTL.String(), abandonAfter.String(), s.holder, lockHolders)
	if err != nil {
		return Claim{}, err
	}
	if tag.RowsAffected() == 1 {
		return Claim{Run: true}, nil
	}
	var stored []byte
	var done bool
	var status *int
	var headers []byte
	var body []byte
	err = s.pool.QueryRow(ctx, `SELECT fingerprint, done, status, headers, body FROM idempotency_keys
		WHERE scope = $1 AND key = $2`, scope, key).Scan(&stored, &done, &status, &headers, &body)
	if errors.Is(err, pgx.ErrNoRows) { // abandoned and deleted between the two statements
		return s.Claim(ctx, scope, key, fp)
	}
	switch {
	case err != nil:
		return Claim{}, err
	case string(stored) != string(fp):
		return Claim{}, ErrKeyReused
	case !done:
		return Claim{}, ErrInProgress
	}
	r := Response{Status: *status, Body: body}
	if err := json.Unmarshal(headers, &r.Headers); err != nil {
		return Claim{}, fmt.Errorf("idempotency: stored headers: %w", err)
	}
	return Claim{Replay: r}, nil
}

// Complete stores the response of a claimed key for replays.
func (s *Store) Complete(ctx context.Context, scope, key string, r Response) error {
	headers, err := json.Marshal(r.Headers)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE idempotency_keys SET done = true, status = $3, headers = $4, body = $5
		WHERE scope = $1 AND key = $2`, scope, key, r.Status, headers, r.Body)
	return err
}

// Release forgets a claimed key whose request failed in a way worth retrying (a 5xx), so the
// retry runs instead of replaying the failure; a key another instance took over is left to it.
func (s *Store) Release(ctx context.Context, scope, key string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND NOT done AND holder = $3`,
		scope, key, s.holder)
	return err
}

// Purge deletes expired keys and reports how many.
func (s *Store) Purge(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE expires_at < now()`)
	return tag.RowsAffected(), err
}

// PurgeEvery deletes expired keys every interval until ctx ends; keys are also reusable once
// expired without it, so a missed purge only costs disk.
func (s *Store) PurgeEvery(ctx context.Context, every time.Duration) {
	tick(ctx, every, func() { _, _ = s.Purge(ctx) })
}

// tick calls f every interval until ctx ends.
func tick(ctx context.Context, every time.Duration, f func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f()
		}
	}
}

package idempotency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/httpapi/idempotency"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// MustOpen migrates a fresh database and returns the store and its pool, for aging rows.
func MustOpen(tb testing.TB) (*idempotency.Store, *pgxpool.Pool) {
	tb.Helper()
	return mustOpenOn(tb, pgtest.NewDatabase(tb), zap.NewNop())
}

// mustOpenOn is one more instance on the database at dsn, closed when the test ends.
func mustOpenOn(tb testing.TB, dsn string, log *zap.Logger) (*idempotency.Store, *pgxpool.Pool) {
	tb.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	s, err := idempotency.Open(context.Background(), pool, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s, pool
}

func mustClaim(tb testing.TB, s *idempotency.Store, key, fp string) idempotency.Claim {
	tb.Helper()
	cl, err := s.Claim(context.Background(), "clerk-7", key, []byte(fp))
	if err != nil {
		tb.Fatal(err)
	}
	return cl
}

func age(tb testing.TB, pool *pgxpool.Pool, set string) {
	tb.Helper()
	if _, err := pool.Exec(context.Background(), `UPDATE idempotency_keys SET `+set); err != nil {
		tb.Fatal(err)
	}
}

func TestClaimLifecycle(t *testing.T) {
	ctx := context.Background()
	s, pool := MustOpen(t)
	first := idempotency.Response{Status: 201, Headers: map[string]string{"ETag": `"0"`}, Body: []byte(`{"revision":0}`)}

	if !mustClaim(t, s, "k", "a").Run {
		t.Fatal("a new key is not the caller's to run")
	}
	t.Run("a twin of a running request is told it is in progress", func(t *testing.T) {
		if _, err := s.Claim(ctx, "clerk-7", "k", []byte("a")); !errors.Is(err, idempotency.ErrInProgress) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("another request under a running key is a reuse", func(t *testing.T) {
		if _, err := s.Claim(ctx, "clerk-7", "k", []byte("b")); !errors.Is(err, idempotency.ErrKeyReused) {
			t.Fatalf("err %v", err)
		}
	})
	if err := s.Complete(ctx, "clerk-7", "k", first); err != nil {
		t.Fatal(err)
	}
	t.Run("a finished key replays its response", func(t *testing.T) {
		cl := mustClaim(t, s, "k", "a")
		if cl.Run || cl.Replay.Status != 201 || string(cl.Replay.Body) != string(first.Body) || cl.Replay.Headers["ETag"] != `"0"` {
			t.Fatalf("claim %+v", cl)
		}
	})
	t.Run("another caller's key of the same name is theirs", func(t *testing.T) {
		cl, err := s.Claim(ctx, "clerk-8", "k", []byte("b"))
		if err != nil || !cl.Run {
			t.Fatalf("claim %+v, %v", cl, err)
		}
	})
	t.Run("an expired key runs afresh, even for another request", func(t *testing.T) {
		age(t, pool, `expires_at = now() - interval '1 second' WHERE key = 'k' AND scope = 'clerk-7'`)
		if !mustClaim(t, s, "k", "b").Run {
			t.Fatal("an expired key was not released")
		}
	})
}

func TestAbandonedAndFailedKeys(t *testing.T) {
	ctx := context.Background()
	s, pool := MustOpen(t)
	t.Run("a key left running by a crashed process is taken over by its retry", func(t *testing.T) {
		mustClaim(t, s, "crashed", "a")
		age(t, pool, `started_at = now() - interval '2 minutes' WHERE key = 'crashed'`)
		if _, err := s.Claim(ctx, "clerk-7", "crashed", []byte("b")); !errors.Is(err, idempotency.ErrKeyReused) {
			t.Fatalf("another request took over an abandoned key: %v", err)
		}
		if !mustClaim(t, s, "crashed", "a").Run {
			t.Fatal("the retry was not given the abandoned key")
		}
	})
	t.Run("a released key runs again", func(t *testing.T) {
		mustClaim(t, s, "failed", "a")
		if err := s.Release(ctx, "clerk-7", "failed"); err != nil {
			t.Fatal(err)
		}
		if !mustClaim(t, s, "failed", "a").Run {
			t.Fatal("a released key is still held")
		}
	})
	t.Run("purge deletes expired keys only", func(t *testing.T) {
		mustClaim(t, s, "old", "a")
		age(t, pool, `expires_at = now() - interval '1 second' WHERE key = 'old'`)
		n, err := s.Purge(ctx)
		if err != nil || n != 1 {
			t.Fatalf("purged %d, %v", n, err)
		}
	})
}

// Two instances on one database: a key is another's to take over only once its holder died.
func TestHolderOfARunningKey(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	alive, _ := mustOpenOn(t, dsn, zap.NewNop())
	dying, _ := mustOpenOn(t, dsn, zap.NewNop())
	other, _ := mustOpenOn(t, dsn, zap.NewNop())
	for key, s := range map[string]*idempotency.Store{"held-alive": alive, "held-dying": dying} {
		if cl, err := s.Claim(ctx, "clerk-7", key, []byte("a")); err != nil || !cl.Run {
			t.Fatalf("claim %+v, %v", cl, err)
		}
	}
	t.Run("a key whose holder lives is in progress on every instance", func(t *testing.T) {
		if _, err := other.Claim(ctx, "clerk-7", "held-alive", []byte("a")); !errors.Is(err, idempotency.ErrInProgress) {
			t.Fatalf("err %v", err)
		}
	})
	dying.Close() // its holder lock goes, as it does with the connection of a process that dies
	t.Run("a key whose holder died is taken over by the next retry", func(t *testing.T) {
		cl, err := other.Claim(ctx, "clerk-7", "held-dying", []byte("a"))
		if err != nil || !cl.Run {
			t.Fatalf("claim %+v, %v", cl, err)
		}
	})
	t.Run("the new holder keeps it from a third instance", func(t *testing.T) {
		if _, err := alive.Claim(ctx, "clerk-7", "held-dying", []byte("a")); !errors.Is(err, idempotency.ErrInProgress) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("another request under a taken-over key is a reuse", func(t *testing.T) {
		if _, err := alive.Claim(ctx, "clerk-7", "held-dying", []byte("b")); !errors.Is(err, idempotency.ErrKeyReused) {
			t.Fatalf("err %v", err)
		}
	})
}

// holderLock is the backend holding an instance's holder lock in this database; 0 for none.
func holderLock(tb testing.TB, pool *pgxpool.Pool) int {
	tb.Helper()
	var pid int
	err := pool.QueryRow(context.Background(), `SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory'
		AND granted AND classid = x'49444d31'::int8 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&pid)
	if err != nil {
		tb.Fatal(err)
	}
	return pid
}

func TestAHolderWhoseConnectionBrokeLocksAgain(t *testing.T) {
	_, pool := MustOpen(t)
	first := holderLock(t, pool)
	if first == 0 {
		t.Fatal("an open store holds no holder lock")
	}
	if _, err := pool.Exec(context.Background(), `SELECT pg_terminate_backend($1)`, first); err != nil {
		t.Fatal(err)
	}
	for pid := holderLock(t, pool); pid == 0 || pid == first; pid = holderLock(t, pool) {
		time.Sleep(50 * time.Millisecond) // the store checks its connection every few seconds
	}
}

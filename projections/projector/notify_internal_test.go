package projector

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
)

// A checkpoint read here that is newer than any read before wakes the projection's waiters at
// once, without waiting for its notification; an older or equal one does not.
func TestACheckpointReadHereFirstWakes(t *testing.T) {
	n := newNotifier(nil, Config{})
	n.stop = func() {} // no listener: only saw can wake
	closed := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	at := func(c uint64) eventstore.Position { return eventstore.Position{Commit: c, Prepare: c} }
	ch := n.next("p")
	n.saw("q", at(5))
	if closed(ch) {
		t.Fatal("another projection's move woke p")
	}
	n.saw("p", at(5))
	if !closed(ch) {
		t.Fatal("p's checkpoint moved to 5 and its waiters sleep")
	}
	ch = n.next("p")
	n.saw("p", at(5))
	n.saw("p", at(3))
	if closed(ch) {
		t.Fatal("a checkpoint no newer than 5 woke p")
	}
	n.saw("p", at(6))
	if !closed(ch) {
		t.Fatal("p's checkpoint moved to 6 and its waiters sleep")
	}
}

// A batch's move wakes this instance's waiters at once, and reaches other replicas by a NOTIFY
// sent after its commit; an announcement whose connection broke is sent again.
func TestMovesAreAnnouncedAfterTheirCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	remote, err := pgx.Connect(ctx, dsn) // another replica's listener
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = remote.Close(ctx) })
	if _, err := remote.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		t.Fatal(err)
	}
	heard := func(want ...string) {
		t.Helper()
		missing := map[string]bool{}
		for _, w := range want {
			missing[w] = true
		}
		wait, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		for len(missing) > 0 {
			note, err := remote.WaitForNotification(wait)
			if err != nil {
				t.Fatalf("still waiting for %v: %v", missing, err)
			}
			delete(missing, note.Payload)
		}
	}

	n := newNotifier(pool, Config{BackoffMin: 10 * time.Millisecond, Logger: zap.NewNop()})
	t.Cleanup(n.close)
	<-n.next("a") // woken once its listener is up
	local := n.next("a")
	n.moved("a")
	n.moved("b")
	select {
	case <-local:
	default:
		t.Fatal("a moved and this instance's waiters sleep")
	}
	heard("a", "b")

	// Every connection of the pool is cut; the next announcement fails and is sent again.
	if _, err := remote.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	n.moved("c")
	heard("c")
}

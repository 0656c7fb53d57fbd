package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

// TestHeldTransactionIsNotSkipped holds one append's transaction open while later appends
// commit and a subscriber follows the log: when it commits, its event must still reach the
// subscriber, exactly once, before the events of transactions that began after it.
func TestHeldTransactionIsNotSkipped(t *testing.T) {
	tests := []struct {
		name string
		// The held transaction appends before the others commit, or only takes its id then
		// and inserts (drawing later sequence values) after them.
		writeBeforeOthers bool
	}{
		{"held append writes before the others commit", true},
		{"held transaction takes its id first and writes after the others", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			pool := mustMigratedPool(t)
			store := mustStore(t, pool)
			prefix := "held" + uuid.NewString()[:8] + "-"
			filter := eventstore.Filter{StreamPrefixes: []string{prefix}}
			sub := mustSubscribe(t, store, filter)
			storetest.RecvUntilCaughtUp(t, sub)

			tx, err := pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			held := newEvent()
			holdAppend := func() {
				if _, err := postgres.AppendInTx(ctx, tx, prefix+"held", eventstore.NoStream, held); err != nil {
					t.Fatal(err)
				}
			}
			if tt.writeBeforeOthers {
				holdAppend()
			} else if _, err := tx.Exec(ctx, "SELECT pg_current_xact_id()"); err != nil {
				t.Fatal(err)
			}

			want := map[uuid.UUID]bool{held.ID: true}
			for i := range 10 {
				e := newEvent()
				want[e.ID] = true
				if _, err := store.Append(ctx, prefix+"other-"+string(rune('a'+i)), eventstore.NoStream, e); err != nil {
					t.Fatal(err)
				}
			}
			// Nothing may be handed out past the open transaction.
			short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			msg, err := sub.Recv(short)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("while an older append was open the subscriber got %+v, %v", msg, err)
			}
			if !tt.writeBeforeOthers {
				holdAppend()
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}

			got := storetest.RecvEvents(t, sub, len(want))
			if got[0].ID != held.ID {
				t.Fatalf("first event %s, want the held transaction's %s", got[0].ID, held.ID)
			}
			wantOnceInOrder(t, got, want)
			all, err := store.ReadAll(ctx, eventstore.Position{}, filter, 0)
			if err != nil {
				t.Fatal(err)
			}
			wantOnceInOrder(t, all, want)
		})
	}
}

// wantOnceInOrder fails unless got holds each wanted event once, in increasing positions.
func wantOnceInOrder(t *testing.T, got []eventstore.RecordedEvent, want map[uuid.UUID]bool) {
	t.Helper()
	seen := map[uuid.UUID]bool{}
	for i, e := range got {
		if !want[e.ID] || seen[e.ID] {
			t.Fatalf("event %d (%s) unexpected or repeated", i, e.ID)
		}
		seen[e.ID] = true
		if i > 0 && got[i-1].Position.Compare(e.Position) >= 0 {
			t.Fatalf("positions out of order: %s then %s", got[i-1].Position, e.Position)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("got %d of %d events", len(seen), len(want))
	}
}

package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

func TestRetryOfIDsWrittenElsewhereConflicts(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t, mustMigratedPool(t))
	stream := "case-" + uuid.NewString()
	first, second := newEvent(), newEvent()
	if _, err := store.Append(ctx, stream, eventstore.NoStream, first, second); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		stream   string
		expected eventstore.ExpectedRevision
		events   []eventstore.EventData
	}{
		{"same ids in another stream", "case-" + uuid.NewString(), eventstore.NoStream, []eventstore.EventData{first, second}},
		{"same ids at another revision", stream, eventstore.Exact(0), []eventstore.EventData{first, second}},
		{"ids in another order", stream, eventstore.NoStream, []eventstore.EventData{second, first}},
		{"some ids new", stream, eventstore.NoStream, []eventstore.EventData{first, second, newEvent()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := store.Append(ctx, tt.stream, tt.expected, tt.events...)
			if !errors.Is(err, eventstore.ErrConflict) {
				t.Fatalf("error = %v, want a conflict", err)
			}
		})
	}
}

func TestAppendRejectsDataThatIsNotJSON(t *testing.T) {
	store := mustStore(t, mustMigratedPool(t))
	e := newEvent()
	e.Data = []byte("{not json")
	if _, err := store.Append(context.Background(), "case-"+uuid.NewString(), eventstore.Any, e); err == nil {
		t.Fatal("appended data that is not JSON")
	}
}

func TestEventsCannotBeChanged(t *testing.T) {
	ctx := context.Background()
	pool := mustMigratedPool(t)
	store := mustStore(t, pool)
	if _, err := store.Append(ctx, "case-"+uuid.NewString(), eventstore.NoStream, newEvent()); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"UPDATE events SET type = 'x'", "DELETE FROM events"} {
		if _, err := pool.Exec(ctx, sql); err == nil {
			t.Fatalf("%s succeeded on the append-only log", sql)
		}
	}
}

func TestMigrateTwiceIsHarmless(t *testing.T) {
	pool := mustMigratedPool(t)
	if err := postgres.Migrate(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
}

func TestNewRequiresMigratedDatabase(t *testing.T) {
	if _, err := postgres.New(context.Background(), pgtest.NewPool(t)); err == nil {
		t.Fatal("New accepted a database without the events table")
	}
}

// TestNotificationWakesOtherStores shows that subscribers wake on another process's appends
// through LISTEN/NOTIFY: the subscribing store polls once an hour, so only the notification
// can bring the event within the test's patience.
func TestNotificationWakesOtherStores(t *testing.T) {
	pool := mustMigratedPool(t)
	writer := mustStore(t, pool)
	reader := mustStore(t, pool, postgres.WithPollInterval(time.Hour))
	stream := "case-" + uuid.NewString()
	sub := mustSubscribe(t, reader, eventstore.Filter{StreamPrefixes: []string{stream}})
	storetest.RecvUntilCaughtUp(t, sub)
	for i := range 3 {
		e := newEvent()
		if _, err := writer.Append(context.Background(), stream, eventstore.Any, e); err != nil {
			t.Fatal(err)
		}
		if got := storetest.RecvEvents(t, sub, 1); got[0].ID != e.ID {
			t.Fatalf("append %d: got %s, want %s", i, got[0].ID, e.ID)
		}
	}
}

func TestClosingTheStoreEndsSubscriptions(t *testing.T) {
	store := mustStore(t, mustMigratedPool(t))
	sub := mustSubscribe(t, store, eventstore.Filter{})
	storetest.RecvUntilCaughtUp(t, sub)
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := sub.Recv(context.Background()); !errors.Is(err, postgres.ErrClosed) {
		t.Fatalf("Recv after the store closed: %v, want ErrClosed", err)
	}
	if _, err := store.Subscribe(context.Background(), eventstore.Position{}, eventstore.Filter{}); !errors.Is(err, postgres.ErrClosed) {
		t.Fatalf("Subscribe on a closed store: %v, want ErrClosed", err)
	}
}

// TestFilteredSubscriptionCheckpointsPastOtherEvents shows a filtered subscription moving its
// checkpoint over events it does not deliver, so a consumer that stores it resumes from there.
func TestFilteredSubscriptionCheckpointsPastOtherEvents(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t, mustMigratedPool(t))
	wanted, other := "case-"+uuid.NewString(), "permit-"+uuid.NewString()
	sub := mustSubscribe(t, store, eventstore.Filter{StreamPrefixes: []string{wanted}})
	storetest.RecvUntilCaughtUp(t, sub)
	skipped, err := store.Append(ctx, other, eventstore.NoStream, newEvent())
	if err != nil {
		t.Fatal(err)
	}
	for {
		msg := storetest.RecvMessage(t, sub)
		if msg.Event != nil {
			t.Fatalf("delivered %s of stream %s outside the filter", msg.Event.ID, msg.Event.Stream)
		}
		if msg.Checkpoint != nil && msg.Checkpoint.Compare(skipped.Position) >= 0 {
			break
		}
	}
}

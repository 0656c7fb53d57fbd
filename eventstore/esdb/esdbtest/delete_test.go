package esdbtest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
)

func TestDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("soft delete hides the stream until an append re-creates it", func(t *testing.T) {
		_, c := MustClient(t)
		MustAppend(t, c, "case-d", esdb.NoStream{}, "E", 3)
		res, err := c.DeleteStream(ctx, "case-d", esdb.DeleteStreamOptions{ExpectedRevision: esdb.Revision(2)})
		if err != nil || res.Position.Commit == 0 {
			t.Fatalf("delete: %+v %v", res, err)
		}
		if _, err := drain(c.ReadStream(ctx, "case-d", esdb.ReadStreamOptions{}, 10)); code(err) != esdb.ErrorCodeResourceNotFound {
			t.Fatalf("read after delete: %v; want not found", err)
		}
		wr := MustAppend(t, c, "case-d", esdb.NoStream{}, "E", 1)
		evs, err := drain(c.ReadStream(ctx, "case-d", esdb.ReadStreamOptions{}, 10))
		if err != nil || wr.NextExpectedVersion != 3 || !slices.Equal(revisions(evs), []uint64{3}) {
			t.Fatalf("re-created: rev %d, read %v %v; want only revision 3", wr.NextExpectedVersion, revisions(evs), err)
		}
	})

	t.Run("a wrong expected version on delete is a gRPC error the client cannot classify", func(t *testing.T) {
		_, c := MustClient(t)
		MustAppend(t, c, "case-w", esdb.NoStream{}, "E", 1)
		_, err := c.DeleteStream(ctx, "case-w", esdb.DeleteStreamOptions{ExpectedRevision: esdb.Revision(7)})
		if code(err) != esdb.ErrorCodeUnknown {
			t.Fatalf("got %v; want ErrorCodeUnknown", err)
		}
	})

	t.Run("a tombstoned stream refuses reads, appends, subscriptions and deletes", func(t *testing.T) {
		_, c := MustClient(t)
		MustAppend(t, c, "case-t", esdb.NoStream{}, "E", 2)
		if _, err := c.TombstoneStream(ctx, "case-t", esdb.TombstoneStreamOptions{ExpectedRevision: esdb.Any{}}); err != nil {
			t.Fatal(err)
		}
		if _, err := drain(c.ReadStream(ctx, "case-t", esdb.ReadStreamOptions{}, 10)); code(err) != esdb.ErrorCodeStreamDeleted {
			t.Fatalf("read: %v", err)
		}
		_, err := c.AppendToStream(ctx, "case-t", esdb.AppendToStreamOptions{},
			esdb.EventData{EventID: uuid.New(), EventType: "E", ContentType: esdb.ContentTypeJson})
		if code(err) != esdb.ErrorCodeStreamDeleted {
			t.Fatalf("append: %v", err)
		}
		if _, err := c.SubscribeToStream(ctx, "case-t", esdb.SubscribeToStreamOptions{From: esdb.Start{}}); code(err) != esdb.ErrorCodeStreamDeleted {
			t.Fatalf("subscribe: %v", err)
		}
		if _, err := c.DeleteStream(ctx, "case-t", esdb.DeleteStreamOptions{}); code(err) != esdb.ErrorCodeStreamDeleted {
			t.Fatalf("delete: %v", err)
		}
	})
}

func TestStreamMetadata(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		set  func(*esdb.StreamMetadata)
		want []uint64
	}{
		{"truncate before", func(m *esdb.StreamMetadata) { m.SetTruncateBefore(3) }, []uint64{3, 4}},
		{"max count", func(m *esdb.StreamMetadata) { m.SetMaxCount(2) }, []uint64{3, 4}},
		{"max age", func(m *esdb.StreamMetadata) { m.SetMaxAge(time.Hour) }, []uint64{0, 1, 2, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := MustClient(t)
			MustAppend(t, c, "case-m", esdb.NoStream{}, "E", 5)
			var m esdb.StreamMetadata
			tt.set(&m)
			if _, err := c.SetStreamMetadata(ctx, "case-m", esdb.AppendToStreamOptions{}, m); err != nil {
				t.Fatal(err)
			}
			evs, err := drain(c.ReadStream(ctx, "case-m", esdb.ReadStreamOptions{}, 10))
			if err != nil || !slices.Equal(revisions(evs), tt.want) {
				t.Fatalf("got %v %v; want %v", revisions(evs), err, tt.want)
			}
			got, err := c.GetStreamMetadata(ctx, "case-m", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.End{}})
			if err != nil || got == nil {
				t.Fatalf("get metadata: %v", err)
			}
		})
	}
}

// As the official client test readStreamWithMaxAge: expired events read as an empty stream.
func TestMaxAgeExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := MustClient(t)
	MustAppend(t, c, "case-age", esdb.NoStream{}, "E", 3)
	var m esdb.StreamMetadata
	m.SetMaxAge(time.Hour)
	if _, err := c.SetStreamMetadata(ctx, "case-age", esdb.AppendToStreamOptions{}, m); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Hour)
	srv.SetNow(func() time.Time { return later })
	evs, err := drain(c.ReadStream(ctx, "case-age", esdb.ReadStreamOptions{}, 10))
	if err != nil || len(evs) != 0 {
		t.Fatalf("expired stream read %v, %v; want an empty stream", revisions(evs), err)
	}
	MustAppend(t, c, "case-age", esdb.Revision(2), "E", 1)
	if evs, err := drain(c.ReadStream(ctx, "case-age", esdb.ReadStreamOptions{}, 10)); err != nil || !slices.Equal(revisions(evs), []uint64{3}) {
		t.Fatalf("after a fresh append read %v, %v; want revision 3", revisions(evs), err)
	}
}

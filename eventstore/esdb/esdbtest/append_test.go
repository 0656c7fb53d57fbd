package esdbtest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
)

func TestAppend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("reports the last revision and a byte-like position above zero", func(t *testing.T) {
		_, c := MustClient(t)
		first := MustAppend(t, c, "case-1", esdb.NoStream{}, "Opened", 1)
		second := MustAppend(t, c, "case-1", esdb.Revision(first.NextExpectedVersion), "Noted", 2)
		if first.NextExpectedVersion != 0 || second.NextExpectedVersion != 2 {
			t.Fatalf("revisions %d, %d; want 0, 2", first.NextExpectedVersion, second.NextExpectedVersion)
		}
		if first.CommitPosition == 0 || first.CommitPosition != first.PreparePosition || second.CommitPosition <= first.CommitPosition+1 {
			t.Fatalf("positions %+v then %+v: want commit==prepare, non-contiguous, above 0", first, second)
		}
	})

	t.Run("answers a wrong expected version with the client's conflict error", func(t *testing.T) {
		_, c := MustClient(t)
		MustAppend(t, c, "case-2", esdb.NoStream{}, "Opened", 2)
		for _, exp := range []esdb.ExpectedRevision{esdb.NoStream{}, esdb.Revision(0), esdb.Revision(5)} {
			_, err := c.AppendToStream(ctx, "case-2", esdb.AppendToStreamOptions{ExpectedRevision: exp},
				esdb.EventData{EventID: uuid.New(), EventType: "X", ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)})
			if code(err) != esdb.ErrorCodeWrongExpectedVersion {
				t.Fatalf("expected %T: got %v", exp, err)
			}
		}
		_, err := c.AppendToStream(ctx, "missing", esdb.AppendToStreamOptions{ExpectedRevision: esdb.StreamExists{}},
			esdb.EventData{EventID: uuid.New(), EventType: "X", ContentType: esdb.ContentTypeJson})
		if code(err) != esdb.ErrorCodeWrongExpectedVersion {
			t.Fatalf("stream exists on a missing stream: got %v", err)
		}
	})

	t.Run("returns the original result for a retried append", func(t *testing.T) {
		_, c := MustClient(t)
		ev := esdb.EventData{EventID: uuid.New(), EventType: "Opened", ContentType: esdb.ContentTypeJson, Data: []byte(`{"a":1}`)}
		opts := esdb.AppendToStreamOptions{ExpectedRevision: esdb.NoStream{}}
		first, err := c.AppendToStream(ctx, "case-3", opts, ev)
		if err != nil {
			t.Fatal(err)
		}
		again, err := c.AppendToStream(ctx, "case-3", opts, ev)
		if err != nil || *again != *first {
			t.Fatalf("retry: %+v, %v; want %+v", again, err, first)
		}
		evs, err := drain(c.ReadStream(ctx, "case-3", esdb.ReadStreamOptions{}, 10))
		if err != nil || len(evs) != 1 {
			t.Fatalf("after retry the stream holds %d events (%v); want 1", len(evs), err)
		}
	})

	t.Run("keeps ids, types, data and custom metadata", func(t *testing.T) {
		_, c := MustClient(t)
		id := uuid.New()
		_, err := c.AppendToStream(ctx, "case-4", esdb.AppendToStreamOptions{ExpectedRevision: esdb.Any{}}, esdb.EventData{
			EventID: id, EventType: "case.Opened.v1", ContentType: esdb.ContentTypeJson,
			Data: []byte(`{"n":1}`), Metadata: []byte(`{"actor_id":"u1"}`),
		})
		if err != nil {
			t.Fatal(err)
		}
		evs, err := drain(c.ReadStream(ctx, "case-4", esdb.ReadStreamOptions{}, 1))
		if err != nil || len(evs) != 1 {
			t.Fatalf("read: %v %v", evs, err)
		}
		e := evs[0]
		if e.EventID != id || e.EventType != "case.Opened.v1" || string(e.Data) != `{"n":1}` ||
			string(e.UserMetadata) != `{"actor_id":"u1"}` || e.ContentType != "application/json" || e.CreatedDate.IsZero() {
			t.Fatalf("got %+v", e)
		}
	})
}

func TestReadStream(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := MustClient(t)
	MustAppend(t, c, "case-r", esdb.NoStream{}, "E", 5)
	tests := []struct {
		name  string
		opts  esdb.ReadStreamOptions
		count uint64
		want  []uint64
	}{
		{"forwards from start", esdb.ReadStreamOptions{}, 10, []uint64{0, 1, 2, 3, 4}},
		{"forwards from a revision, inclusive", esdb.ReadStreamOptions{From: esdb.Revision(3)}, 10, []uint64{3, 4}},
		{"forwards with a count", esdb.ReadStreamOptions{From: esdb.Revision(1)}, 2, []uint64{1, 2}},
		{"forwards from end", esdb.ReadStreamOptions{From: esdb.End{}}, 10, nil},
		{"backwards from end", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.End{}}, 2, []uint64{4, 3}},
		{"backwards from a revision, inclusive", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.Revision(2)}, 10, []uint64{2, 1, 0}},
		{"backwards from start", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.Start{}}, 10, []uint64{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := drain(c.ReadStream(ctx, "case-r", tt.opts, tt.count))
			if err != nil || !slices.Equal(revisions(evs), tt.want) {
				t.Fatalf("got %v, %v; want %v", revisions(evs), err, tt.want)
			}
		})
	}

	t.Run("a missing stream fails on the first Recv, not on the call", func(t *testing.T) {
		rs, err := c.ReadStream(ctx, "nowhere", esdb.ReadStreamOptions{}, 10)
		if err != nil {
			t.Fatalf("call: %v", err)
		}
		_, err = drain(rs, nil)
		if code(err) != esdb.ErrorCodeResourceNotFound {
			t.Fatalf("recv: %v; want resource not found", err)
		}
	})
}

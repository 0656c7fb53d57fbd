package esdbtest_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// MustClient connects the real v4 client to a fresh test server.
func MustClient(tb testing.TB) (*esdbtest.Server, *esdb.Client) {
	tb.Helper()
	srv := esdbtest.Start(tb)
	return srv, esdbtest.Connect(tb, srv.URL())
}

// MustAppend appends n JSON events of type typ and returns the write result.
func MustAppend(tb testing.TB, c *esdb.Client, stream string, exp esdb.ExpectedRevision, typ string, n int) *esdb.WriteResult {
	tb.Helper()
	events := make([]esdb.EventData, n)
	for i := range events {
		events[i] = esdb.EventData{EventID: uuid.New(), EventType: typ, ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)}
	}
	wr, err := c.AppendToStream(context.Background(), stream, esdb.AppendToStreamOptions{ExpectedRevision: exp}, events...)
	if err != nil {
		tb.Fatalf("append to %s: %v", stream, err)
	}
	return wr
}

// drain reads to the end; err is the call's error or the first non-EOF error from Recv.
func drain(rs *esdb.ReadStream, err error) ([]*esdb.RecordedEvent, error) {
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []*esdb.RecordedEvent
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, ev.OriginalEvent())
	}
}

// code is the esdb error code of err, found with errors.As as wrapped errors require.
func code(err error) esdb.ErrorCode {
	var e *esdb.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return -1
}

func revisions(evs []*esdb.RecordedEvent) []uint64 {
	out := make([]uint64, len(evs))
	for i, e := range evs {
		out[i] = e.EventNumber
	}
	return out
}

package esdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Append writes events at the expected revision with the caller's event ids, so that the
// server answers a retry with the original result.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if len(events) == 0 {
		return eventstore.AppendResult{}, fmt.Errorf("esdb: append to %q: no events", stream)
	}
	data := make([]es.EventData, len(events))
	for i, e := range events {
		meta, err := json.Marshal(e.Metadata)
		if err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("esdb: metadata of %s: %w", e.ID, err)
		}
		data[i] = es.EventData{EventID: e.ID, EventType: e.Type, ContentType: es.ContentTypeJson, Data: e.Data, Metadata: meta}
	}
	opts := es.AppendToStreamOptions{ExpectedRevision: toExpected(expected)}
	var wr *es.WriteResult
	err := s.do(ctx, func(c *es.Client) (err error) {
		wr, err = c.AppendToStream(ctx, stream, opts, data...)
		return err
	})
	if code(err) == es.ErrorCodeWrongExpectedVersion {
		return eventstore.AppendResult{}, s.conflict(ctx, stream, expected, err)
	}
	if err != nil {
		return eventstore.AppendResult{}, mapError(ctx, stream, err)
	}
	return eventstore.AppendResult{
		LastRevision: wr.NextExpectedVersion, // despite its name: the revision of the last event
		Position:     eventstore.Position{Commit: wr.CommitPosition, Prepare: wr.PreparePosition},
	}, nil
}

func toExpected(e eventstore.ExpectedRevision) es.ExpectedRevision {
	if rev, ok := e.Revision(); ok {
		return es.Revision(rev)
	}
	if e.IsNoStream() {
		return es.NoStream{}
	}
	return es.Any{}
}

// actualInText finds the stream's revision in the client's "expecting 'X' but got 'Y'".
var actualInText = regexp.MustCompile(`but got '([^']*)'`)

// conflict builds the port's ConflictError, reading the stream's revision back when the
// error text does not carry it.
func (s *Store) conflict(ctx context.Context, stream string, expected eventstore.ExpectedRevision, err error) error {
	actual, known := actualFromText(err.Error())
	if !known {
		var rerr error
		if actual, rerr = s.lastRevision(ctx, stream); rerr != nil {
			return fmt.Errorf("esdb: conflict on %q, then reading its revision: %w", stream, rerr)
		}
	}
	return &eventstore.ConflictError{Stream: stream, Expected: expected, Actual: actual}
}

func actualFromText(text string) (int64, bool) {
	m := actualInText.FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	if m[1] == "no_stream" {
		return -1, true
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	return n, err == nil
}

// lastRevision is the stream's last revision, -1 when it does not exist.
func (s *Store) lastRevision(ctx context.Context, stream string) (int64, error) {
	last := int64(-1)
	err := s.do(ctx, func(c *es.Client) error {
		rs, err := c.ReadStream(ctx, stream, es.ReadStreamOptions{Direction: es.Backwards, From: es.End{}}, 1)
		if err != nil {
			return err
		}
		defer rs.Close()
		ev, err := rs.Recv()
		switch {
		case errors.Is(err, io.EOF), code(err) == es.ErrorCodeResourceNotFound:
			return nil
		case err != nil:
			return err
		}
		last = int64(ev.OriginalEvent().EventNumber)
		return nil
	})
	return last, mapError(ctx, stream, err)
}

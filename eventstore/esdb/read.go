package esdb

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/shafaf-city/shafaf/eventstore"
)

// pageSize is how many $all events one round trip reads; v4 cannot filter $all reads on the
// server, so ReadAll and Head page through everything and filter here.
const pageSize = 512

// ReadStream reads stream forwards from revision from. v4 reports a missing stream only on
// the first Recv, as ErrorCodeResourceNotFound.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	count := uint64(math.MaxUint64)
	if limit > 0 {
		count = uint64(limit)
	}
	var out []eventstore.RecordedEvent
	err := s.do(ctx, func(c *es.Client) error {
		out = nil
		return drain(c.ReadStream(ctx, stream, es.ReadStreamOptions{From: es.Revision(from)}, count))(func(ev *es.RecordedEvent) bool {
			out = append(out, toRecorded(ev))
			return true
		})
	})
	if code(err) == es.ErrorCodeResourceNotFound {
		return nil, &eventstore.StreamNotFoundError{Stream: stream}
	}
	return out, mapError(ctx, stream, err)
}

// ReadAll pages through $all after `after`, skipping the event at `after` (forward reads of
// $all include their start), system events and what filter rejects.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int) ([]eventstore.RecordedEvent, error) {
	if limit <= 0 {
		limit = pageSize
	}
	var out []eventstore.RecordedEvent
	from := after
	for len(out) < limit {
		seen := 0
		err := s.do(ctx, func(c *es.Client) error {
			seen = 0
			return drain(c.ReadAll(ctx, es.ReadAllOptions{From: allPosition(from)}, pageSize))(func(ev *es.RecordedEvent) bool {
				seen++
				pos := position(ev)
				if pos.Compare(from) <= 0 {
					return true
				}
				from = pos
				if !isSystem(ev) && filter.Matches(ev.StreamID, ev.EventType) {
					out = append(out, toRecorded(ev))
				}
				return len(out) < limit
			})
		})
		if err != nil {
			return nil, mapError(ctx, "$all", err)
		}
		if seen < pageSize {
			break
		}
	}
	return out, nil
}

// Head reads $all backwards from the end to the newest product event. An idle server keeps
// writing system events ($stats every 30 s by default), so the scan stops at the head found
// by the previous call instead of walking back through all of them again.
func (s *Store) Head(ctx context.Context) (eventstore.Position, error) {
	s.mu.Lock()
	known := s.head
	s.mu.Unlock()
	head, found := known, false
	var from es.AllPosition = es.End{}
	for {
		seen := 0
		err := s.do(ctx, func(c *es.Client) error {
			seen = 0
			opts := es.ReadAllOptions{Direction: es.Backwards, From: from}
			return drain(c.ReadAll(ctx, opts, pageSize))(func(ev *es.RecordedEvent) bool {
				seen++
				from = ev.Position // backwards reads exclude their start
				if pos := position(ev); pos.Compare(known) <= 0 {
					found = true
				} else if !isSystem(ev) {
					head, found = pos, true
				}
				return !found
			})
		})
		if err != nil {
			return eventstore.Position{}, mapError(ctx, "$all", err)
		}
		if found || seen < pageSize {
			s.mu.Lock()
			if head.Compare(s.head) > 0 {
				s.head = head
			}
			s.mu.Unlock()
			return head, nil
		}
	}
}

// drain feeds a read stream into yield until yield answers false.
func drain(rs *es.ReadStream, err error) func(yield func(*es.RecordedEvent) bool) error {
	return func(yield func(*es.RecordedEvent) bool) error {
		if err != nil {
			return err
		}
		defer rs.Close()
		for {
			ev, err := rs.Recv()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if !yield(ev.OriginalEvent()) {
				return nil
			}
		}
	}
}

// isSystem reports events EventStoreDB writes for itself ($metadata, $streamDeleted,
// $projections-…, $stats-…), which never reach the product.
func isSystem(ev *es.RecordedEvent) bool {
	return strings.HasPrefix(ev.StreamID, "$") || strings.HasPrefix(ev.EventType, "$")
}

func allPosition(p eventstore.Position) es.AllPosition {
	if p.IsZero() {
		return es.Start{}
	}
	return es.Position{Commit: p.Commit, Prepare: p.Prepare}
}

func position(ev *es.RecordedEvent) eventstore.Position {
	return eventstore.Position{Commit: ev.Position.Commit, Prepare: ev.Position.Prepare}
}

func toRecorded(ev *es.RecordedEvent) eventstore.RecordedEvent {
	var meta eventstore.Metadata
	_ = json.Unmarshal(ev.UserMetadata, &meta) // events written by others may carry none
	return eventstore.RecordedEvent{
		ID: ev.EventID, Stream: ev.StreamID, Revision: ev.EventNumber, Position: position(ev),
		Type: ev.EventType, Data: json.RawMessage(ev.Data), Metadata: meta, RecordedAt: meta.RecordedTime(ev.CreatedDate),
	}
}

package esdbtest

import (
	"fmt"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"

	"github.com/google/uuid"
)

// expected is the optimistic-concurrency condition of an append, delete or tombstone.
type expected struct {
	kind     expectedKind
	revision uint64
}

type expectedKind uint8

const (
	expectAny expectedKind = iota
	expectNoStream
	expectExists
	expectRevision
)

// expectedOptions is what the append, delete and tombstone options have in common.
type expectedOptions interface {
	GetRevision() uint64
	GetNoStream() *shared.Empty
	GetAny() *shared.Empty
	GetStreamExists() *shared.Empty
}

// expectedFrom reads the expected_stream_revision oneof of any of the three requests.
func expectedFrom(o expectedOptions) expected {
	switch {
	case o.GetNoStream() != nil:
		return expected{kind: expectNoStream}
	case o.GetStreamExists() != nil:
		return expected{kind: expectExists}
	case o.GetAny() != nil:
		return expected{kind: expectAny}
	}
	return expected{kind: expectRevision, revision: o.GetRevision()}
}

// allows applies the real server's rule to a stream whose last revision is cur (-1: none).
// A soft-deleted stream accepts NoStream once, so it can be re-created.
func (e expected) allows(cur int64, softDeleted bool) bool {
	switch e.kind {
	case expectNoStream:
		return cur == -1 || softDeleted
	case expectExists:
		return cur >= 0 && !softDeleted
	case expectRevision:
		return cur == int64(e.revision)
	}
	return true
}

func (e expected) String() string {
	switch e.kind {
	case expectNoStream:
		return "-1"
	case expectExists:
		return "-4"
	case expectRevision:
		return fmt.Sprint(e.revision)
	}
	return "-2"
}

// idempotent reports whether events were already written as the result of the same request,
// which the real server answers with the original result instead of a conflict.
func (st *stream) idempotent(e expected, events []proposed) (last uint64, ok bool) {
	if st == nil || len(events) == 0 {
		return 0, false
	}
	var first uint64
	switch e.kind {
	case expectNoStream:
		first = 0
	case expectRevision:
		first = e.revision + 1
	default:
		rev, found := st.ids[events[0].id]
		if !found {
			return 0, false
		}
		first = rev
	}
	for i, ev := range events {
		rev := first + uint64(i)
		if rev >= uint64(len(st.events)) || st.events[rev].id != ev.id {
			return 0, false
		}
	}
	return first + uint64(len(events)) - 1, true
}

func newID() uuid.UUID { return uuid.New() }

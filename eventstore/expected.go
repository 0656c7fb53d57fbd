package eventstore

import "fmt"

// ExpectedRevision is the optimistic-concurrency condition of an append.
type ExpectedRevision struct {
	kind     expectedKind
	revision uint64
}

type expectedKind uint8

const (
	expectAny expectedKind = iota
	expectNoStream
	expectExact
)

var (
	// Any appends whatever the stream's state.
	Any = ExpectedRevision{kind: expectAny}
	// NoStream appends only if the stream has never been written.
	NoStream = ExpectedRevision{kind: expectNoStream}
)

// Exact appends only if the stream's last revision is r.
func Exact(r uint64) ExpectedRevision { return ExpectedRevision{kind: expectExact, revision: r} }

// IsAny, IsNoStream and Revision let adapters translate the condition to their wire format.
func (e ExpectedRevision) IsAny() bool { return e.kind == expectAny }

// IsNoStream reports whether the append requires a stream that does not exist yet.
func (e ExpectedRevision) IsNoStream() bool { return e.kind == expectNoStream }

// Revision returns the exact revision required and whether one is.
func (e ExpectedRevision) Revision() (uint64, bool) { return e.revision, e.kind == expectExact }

// Allows reports whether a stream whose last revision is current (-1: no stream) satisfies e.
func (e ExpectedRevision) Allows(current int64) bool {
	switch e.kind {
	case expectNoStream:
		return current == -1
	case expectExact:
		return current == int64(e.revision)
	}
	return true
}

func (e ExpectedRevision) String() string {
	switch e.kind {
	case expectNoStream:
		return "no stream"
	case expectExact:
		return fmt.Sprintf("revision %d", e.revision)
	}
	return "any"
}

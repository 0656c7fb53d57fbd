package eventstore

import (
	"fmt"
	"strconv"
	"strings"
)

// Position is a place in the global log, ordered by Commit then Prepare. EventStoreDB fills it
// with its commit/prepare log offsets; the PostgreSQL store with (transaction id, sequence), the
// order in which events become visible. The zero Position is the start of the log.
type Position struct {
	Commit  uint64 `json:"commit"`
	Prepare uint64 `json:"prepare"`
}

// Compare returns -1, 0 or +1 as p is before, equal to or after q.
func (p Position) Compare(q Position) int {
	switch {
	case p.Commit < q.Commit:
		return -1
	case p.Commit > q.Commit:
		return 1
	case p.Prepare < q.Prepare:
		return -1
	case p.Prepare > q.Prepare:
		return 1
	}
	return 0
}

// IsZero reports whether p is the start of the log.
func (p Position) IsZero() bool { return p == Position{} }

// String renders p as the opaque token "commit.prepare" that the HTTP API hands out.
func (p Position) String() string { return fmt.Sprintf("%d.%d", p.Commit, p.Prepare) }

// ParsePosition reads a token made by Position.String.
func ParsePosition(s string) (Position, error) {
	c, pr, ok := strings.Cut(s, ".")
	if !ok {
		return Position{}, fmt.Errorf("position %q: want COMMIT.PREPARE", s)
	}
	commit, err := strconv.ParseUint(c, 10, 64)
	if err != nil {
		return Position{}, fmt.Errorf("position %q: bad commit part", s)
	}
	prepare, err := strconv.ParseUint(pr, 10, 64)
	if err != nil {
		return Position{}, fmt.Errorf("position %q: bad prepare part", s)
	}
	return Position{Commit: commit, Prepare: prepare}, nil
}

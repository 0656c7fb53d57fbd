// Package projector runs Shafaf's read models: it feeds each Projection the events it asks for,
// in batches, one PostgreSQL transaction per batch that writes the read model and moves the
// projection's checkpoint together, so a crash anywhere loses nothing and counts nothing twice.
//
// Each projection keeps its tables in a schema of its own per generation (rm_<name>_g<N>);
// a rebuild fills generation N+1 beside the live one and switches readers in one transaction.
// docs/projections.md is the contract for read-model authors.
package projector

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Projection is a read model the runtime keeps up to date. Its Name is its identity: the
// checkpoint and the tables hang off it, so renaming a projection means building it anew.
type Projection interface {
	// Name is lower-case letters, digits and underscores, starting with a letter.
	Name() string
	// Migrations holds numbered SQL files (001_*.sql, …) creating the tables with unqualified
	// names; the runtime applies them inside the projection's schema of each generation.
	Migrations() fs.FS
	// Filter selects the events Handle receives.
	Filter() eventstore.Filter
	// Handle applies one event inside the batch transaction, whose search_path is the
	// projection's schema. It returns ErrUnknownEvent for event types it does not know.
	Handle(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error
}

// BatchHandler is an optional capability of a Projection: applying a whole batch in one call,
// so a read model can write it with a few multi-row statements or COPY instead of a round trip
// per event. Handle stays required: when HandleBatch fails with a non-transient error, the
// runtime rolls the batch back and replays it through Handle to find the event to park.
type BatchHandler interface {
	// HandleBatch applies events, in log order, inside tx (whose search_path is set as for
	// Handle) and returns how many of them it did not know (counted like ErrUnknownEvent).
	// The runtime reuses the slice for the next batch: keep no reference to it.
	HandleBatch(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error)
}

// Stager is an optional capability of a BatchHandler for catching up. A projection far behind
// the log gets many batches written in one transaction (Config.CatchUpBatchSize); a Stager
// folds them all into one working set and writes it once, so a case whose events the log
// spreads over many batches costs one row write, not one per batch. Without it, each batch of
// such a transaction goes through HandleBatch.
type Stager interface {
	BatchHandler
	// Stage starts folding the batches of one transaction.
	Stage() Stage
}

// Stage is one transaction's fold of a Stager. The runtime calls Add for each batch, in log
// order, then Flush once, then commits; on any error it rolls back and drops the Stage.
type Stage interface {
	// Add applies events like HandleBatch but may hold its writes until Flush. As for
	// HandleBatch, the runtime reuses the slice: keep no reference to it or its records.
	Add(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error)
	// Flush writes what the Adds held.
	Flush(ctx context.Context, tx pgx.Tx) error
}

// ErrUnknownEvent is what Handle returns for an event type it does not project; the runtime
// counts it and moves on, so new event types never stall old read models.
var ErrUnknownEvent = errors.New("projector: unknown event type")

// maxNameLen keeps "rm_<name>_g<generation>" within PostgreSQL's 63-byte identifiers.
const maxNameLen = 48

var validName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// checkName rejects names that cannot become part of a schema name.
func checkName(name string) error {
	if len(name) > maxNameLen || !validName.MatchString(name) {
		return fmt.Errorf("projector: projection name %q: want [a-z][a-z0-9_]*, at most %d bytes", name, maxNameLen)
	}
	return nil
}

// schemaName is where generation gen of projection name keeps its tables.
func schemaName(name string, gen int) string { return fmt.Sprintf("rm_%s_g%d", name, gen) }

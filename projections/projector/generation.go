package projector

import (
	"context"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Generation statuses in projector.generations.
const (
	statusBuilding = "building"
	statusLive     = "live"
	statusRetired  = "retired"
)

// generation is one schema of a projection and how far it has read.
type generation struct {
	projection string
	number     int
	schema     string
	status     string
	pos        eventstore.Position
}

// querier is what both a pool and a transaction offer.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const generationColumns = "projection, generation, schema_name, status, commit_pos, prepare_pos"

func scanGeneration(row pgx.Row) (generation, error) {
	var g generation
	var commit, prepare int64
	err := row.Scan(&g.projection, &g.number, &g.schema, &g.status, &commit, &prepare)
	g.pos = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
	return g, err
}

// liveGeneration is the generation readers of projection see; pgx.ErrNoRows if none.
func liveGeneration(ctx context.Context, q querier, projection string) (generation, error) {
	return scanGeneration(q.QueryRow(ctx, "SELECT "+generationColumns+
		" FROM projector.generations WHERE projection = $1 AND status = 'live'", projection))
}

// lockLive reads projection's live generation and locks its row until tx ends.
func lockLive(ctx context.Context, tx pgx.Tx, projection string) (generation, error) {
	return scanGeneration(tx.QueryRow(ctx, "SELECT "+generationColumns+
		" FROM projector.generations WHERE projection = $1 AND status = 'live' FOR UPDATE", projection))
}

// lockGeneration re-reads generation g and locks its row until tx ends.
func lockGeneration(ctx context.Context, tx pgx.Tx, projection string, number int) (generation, error) {
	return scanGeneration(tx.QueryRow(ctx, "SELECT "+generationColumns+
		" FROM projector.generations WHERE projection = $1 AND generation = $2 FOR UPDATE", projection, number))
}

// createGeneration makes schema rm_<name>_g<number> with all of p's tables, at the start of the
// log; their secondary indexes wait until it has caught up (deferIndexes).
func createGeneration(ctx context.Context, tx pgx.Tx, p Projection, number int, status string) (generation, error) {
	g := generation{projection: p.Name(), number: number, schema: schemaName(p.Name(), number), status: status}
	if _, err := tx.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{g.schema}.Sanitize()); err != nil {
		return g, err
	}
	if err := migrate(ctx, tx, g.schema, p.Migrations()); err != nil {
		return g, err
	}
	if err := deferIndexes(ctx, tx, g.schema); err != nil {
		return g, err
	}
	_, err := tx.Exec(ctx, `INSERT INTO projector.generations (projection, generation, schema_name, status)
		VALUES ($1, $2, $3, $4)`, g.projection, g.number, g.schema, g.status)
	return g, err
}

// dropGeneration removes a generation's schema, row and migration bookkeeping. It waits for
// readers still inside the schema (they hold the read lock shared).
func dropGeneration(ctx context.Context, tx pgx.Tx, id int32, g generation) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", lockRead, id); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{g.schema}.Sanitize()+" CASCADE"); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM public.schema_migrations WHERE owner = $1", g.schema); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM projector.deferred_indexes WHERE schema_name = $1", g.schema); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "DELETE FROM projector.generations WHERE projection = $1 AND generation = $2", g.projection, g.number)
	return err
}

// dbPosition turns a Position into the two bigint columns that store it. Both stores keep
// positions far below 2^63; refusing larger ones keeps SQL comparisons honest.
func dbPosition(p eventstore.Position) (commit, prepare int64, err error) {
	if p.Commit > math.MaxInt64 || p.Prepare > math.MaxInt64 {
		return 0, 0, fmt.Errorf("projector: position %s does not fit in bigint columns", p)
	}
	return int64(p.Commit), int64(p.Prepare), nil
}

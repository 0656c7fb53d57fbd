package projector

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgmigrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Setup creates the runtime's tables and, for each projection, its first generation or the
// migration files its live generation has not run yet. Run calls it; so does every other method,
// so a CLI process needs no separate step. It is idempotent and safe across replicas.
func (r *Runtime) Setup(ctx context.Context) error {
	r.setupMu.Lock()
	defer r.setupMu.Unlock()
	if r.setupDone {
		return nil
	}
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	if err := pgmigrate.Apply(ctx, r.pool, "projector", files); err != nil {
		return err
	}
	for _, name := range r.names {
		id, err := r.register(ctx, r.projections[name])
		if err != nil {
			return fmt.Errorf("projector: set up %s: %w", name, err)
		}
		r.ids[name] = id
	}
	r.setupDone = true
	return nil
}

// register makes sure p has an id and a live generation whose schema has all of p's tables.
func (r *Runtime) register(ctx context.Context, p Projection) (int32, error) {
	var id int32
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `WITH ins AS (
			INSERT INTO projector.projections (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id)
			SELECT id FROM ins UNION ALL SELECT id FROM projector.projections WHERE name = $1`, p.Name()).Scan(&id)
		if err != nil {
			return err
		}
		// Replicas starting together must not both create generation 1.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", lockSetup, id); err != nil {
			return err
		}
		gen, err := liveGeneration(ctx, tx, p.Name())
		if err == nil {
			return migrate(ctx, tx, gen.schema, p.Migrations())
		}
		if err != pgx.ErrNoRows {
			return err
		}
		_, err = createGeneration(ctx, tx, p, 1, statusLive)
		return err
	})
	return id, err
}

// migrate runs the files of a projection that schema has not seen, inside tx and with schema as
// the search_path, so read-model SQL names its tables unqualified. The bookkeeping goes to
// pgmigrate's shared table with the schema as owner.
func migrate(ctx context.Context, tx pgx.Tx, schema string, files fs.FS) error {
	ms, err := pgmigrate.Load(files)
	if err != nil {
		return err
	}
	var applied int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM public.schema_migrations WHERE owner = $1", schema).Scan(&applied); err != nil {
		return err
	}
	if applied > len(ms) {
		return fmt.Errorf("schema %s has %d migrations, the code only %d", schema, applied, len(ms))
	}
	if applied < len(ms) {
		// New files may use the indexes a generation still catching up has deferred.
		if err := buildIndexes(ctx, tx, schema); err != nil {
			return err
		}
	}
	for _, m := range ms[applied:] {
		if err := setSearchPath(ctx, tx, schema); err != nil {
			return err
		}
		// No arguments: the simple protocol, which accepts several statements in one file.
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO public.schema_migrations (owner, version, name) VALUES ($1, $2, $3)",
			schema, m.Version, m.Name); err != nil {
			return err
		}
	}
	// While indexes are deferred, buildIndexes settles the statistics once they are back.
	if deferred, err := hasDeferredIndexes(ctx, tx, schema); err != nil || deferred {
		return err
	}
	return keepStatisticsOfIndexedColumns(ctx, tx, schema)
}

// setSearchPath confines the rest of tx to one projection schema.
func setSearchPath(ctx context.Context, tx pgx.Tx, schema string) error {
	_, err := tx.Exec(ctx, "SELECT set_config('search_path', $1, true)", pgx.Identifier{schema}.Sanitize())
	return err
}

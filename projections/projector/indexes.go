package projector

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// deferIndexes drops the secondary indexes of a new generation's schema and remembers their
// definitions for buildIndexes. Indexes behind constraints (primary keys, UNIQUE) stay, since
// upserts need them; a plain unique index is deferred like any other, and building it checks
// at the end what maintaining it would have checked row by row.
func deferIndexes(ctx context.Context, tx pgx.Tx, schema string) error {
	rows, err := tx.Query(ctx, `SELECT c.relname, pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = i.indexrelid)
		ORDER BY c.relname`, schema)
	if err != nil {
		return err
	}
	type index struct{ name, definition string }
	indexes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (index, error) {
		var ix index
		return ix, row.Scan(&ix.name, &ix.definition)
	})
	if err != nil {
		return err
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, `INSERT INTO projector.deferred_indexes (schema_name, name, definition)
			VALUES ($1, $2, $3)`, schema, ix.name, ix.definition); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DROP INDEX "+pgx.Identifier{schema, ix.name}.Sanitize()); err != nil {
			return err
		}
	}
	return nil
}

// hasDeferredIndexes reports whether schema still waits for buildIndexes.
func hasDeferredIndexes(ctx context.Context, q querier, schema string) (bool, error) {
	var pending bool
	err := q.QueryRow(ctx, "SELECT EXISTS (SELECT FROM projector.deferred_indexes WHERE schema_name = $1)", schema).Scan(&pending)
	return pending, err
}

// buildIndexes creates the deferred indexes of schema, in one transaction: each in one pass
// over the table, which is far cheaper than having maintained it all along.
func buildIndexes(ctx context.Context, tx pgx.Tx, schema string) error {
	rows, err := tx.Query(ctx, `DELETE FROM projector.deferred_indexes WHERE schema_name = $1
		RETURNING definition`, schema)
	if err != nil {
		return err
	}
	definitions, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if len(definitions) > 0 {
		// The definitions name the table unqualified when it was on the search_path.
		if err := setSearchPath(ctx, tx, schema); err != nil {
			return err
		}
	}
	for _, def := range definitions {
		if _, err := tx.Exec(ctx, def); err != nil {
			return err
		}
	}
	return keepStatisticsOfIndexedColumns(ctx, tx, schema)
}

package projector

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// keepStatisticsOfIndexedColumns has ANALYZE skip the columns of schema's tables that no index
// or constraint uses (STATISTICS 0) and gives back the default to such a column once one does.
//
// Read models are queried through their indexes, and the planner needs statistics only on the
// columns it chooses by. ANALYZE's cost is mostly per column: autovacuum analysed the wide case
// tables about once a minute at 1,000 requests a second, each in a burst of CPU that made the
// API's slowest seconds (docs/BENCHMARKS.md, "The slowest seconds"). A target a migration set
// on purpose (other than the default and 0) is left alone.
func keepStatisticsOfIndexedColumns(ctx context.Context, tx pgx.Tx, schema string) error {
	rows, err := tx.Query(ctx, `SELECT c.relname, a.attname, used
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		CROSS JOIN LATERAL (SELECT
			EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND a.attnum = ANY (i.indkey))
			OR EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = c.oid AND a.attnum = ANY (k.conkey))
			-- columns in index expressions and predicates
			OR EXISTS (SELECT FROM pg_depend d JOIN pg_index i ON i.indexrelid = d.objid
				WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
				  AND d.refobjid = c.oid AND d.refobjsubid = a.attnum) AS used) u
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
		  AND ((used AND a.attstattarget = 0) OR (NOT used AND a.attstattarget = -1))
		ORDER BY c.relname, a.attnum`, schema)
	if err != nil {
		return err
	}
	type column struct {
		table, name string
		used        bool
	}
	columns, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (column, error) {
		var c column
		return c, row.Scan(&c.table, &c.name, &c.used)
	})
	if err != nil {
		return err
	}
	for _, c := range columns {
		target := "0"
		if c.used {
			target = "-1"
		}
		if _, err := tx.Exec(ctx, "ALTER TABLE "+pgx.Identifier{schema, c.table}.Sanitize()+
			" ALTER COLUMN "+pgx.Identifier{c.name}.Sanitize()+" SET STATISTICS "+target); err != nil {
			return err
		}
	}
	return nil
}

// Package pgmigrate applies numbered SQL files to PostgreSQL, once each, in order. The event
// store and every read model own a set of files, told apart by an owner name, and share one
// schema_migrations table.
package pgmigrate

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// lockKey is the advisory lock that serialises migrations of all owners across processes;
// several replicas starting at once must not apply the same file twice.
const lockKey = 0x5368616661660001 // "Shafaf" + 1

const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	owner      text        NOT NULL,
	version    integer     NOT NULL,
	name       text        NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (owner, version)
)`

// Apply runs the migrations of owner that the database has not seen yet, each in its own
// transaction with its bookkeeping row. It refuses files whose history disagrees with the
// database: a renamed applied file, or a database newer than the code.
func Apply(ctx context.Context, pool *pgxpool.Pool, owner string, files fs.FS) error {
	ms, err := Load(files)
	if err != nil {
		return fmt.Errorf("%s: %w", owner, err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("pgmigrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(lockKey)); err != nil {
		return fmt.Errorf("pgmigrate: lock: %w", err)
	}
	defer func() {
		// A session lock outlives a failed transaction, so unlock even after errors; if the
		// unlock itself fails, drop the connection so the lock cannot leak into the pool.
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(lockKey)); err != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := conn.Exec(ctx, createTable); err != nil {
		return fmt.Errorf("pgmigrate: %w", err)
	}
	applied, err := appliedNames(ctx, conn.Conn(), owner)
	if err != nil {
		return err
	}
	if len(applied) > len(ms) {
		return fmt.Errorf("pgmigrate: %s: database has %d migrations, the code only %d", owner, len(applied), len(ms))
	}
	for _, m := range ms {
		if name, done := applied[m.Version]; done {
			if name != m.Name {
				return fmt.Errorf("pgmigrate: %s: version %d was applied as %q, the code calls it %q", owner, m.Version, name, m.Name)
			}
			continue
		}
		if err := applyOne(ctx, conn.Conn(), owner, m); err != nil {
			return err
		}
	}
	return nil
}

func appliedNames(ctx context.Context, conn *pgx.Conn, owner string) (map[int]string, error) {
	rows, err := conn.Query(ctx, "SELECT version, name FROM schema_migrations WHERE owner = $1", owner)
	if err != nil {
		return nil, fmt.Errorf("pgmigrate: %w", err)
	}
	applied := map[int]string{}
	var v int
	var name string
	_, err = pgx.ForEachRow(rows, []any{&v, &name}, func() error {
		applied[v] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgmigrate: %w", err)
	}
	return applied, nil
}

func applyOne(ctx context.Context, conn *pgx.Conn, owner string, m Migration) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// No arguments: the simple protocol, which accepts several statements in one file.
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (owner, version, name) VALUES ($1, $2, $3)", owner, m.Version, m.Name)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgmigrate: %s: %s: %w", owner, m.Name, err)
	}
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
)

// pgStatsSetting loads pg_stat_statements into the spawned cluster, so each phase can show
// which statements the database spent its time on.
const pgStatsSetting = "shared_preload_libraries=pg_stat_statements"

// pgStats reads the spawned cluster's statement statistics.
type pgStats struct{ pool *pgxpool.Pool }

// openPgStats creates the extension in the benchmark database (the DSN is the superuser's).
func openPgStats(ctx context.Context, dsn string) (*pgStats, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := pool.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pg_stat_statements: %w", err)
	}
	return &pgStats{pool: pool}, nil
}

// reset starts a phase's statistics from zero.
func (p *pgStats) reset(ctx context.Context) error {
	_, err := p.pool.Exec(ctx, "SELECT pg_stat_statements_reset()")
	return err
}

// top prints the n statements with the most execution time since the last reset.
func (p *pgStats) top(ctx context.Context, w io.Writer, n int) error {
	rows, err := p.pool.Query(ctx, `SELECT calls, total_exec_time, mean_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
		FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT $1`, n)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintf(w, "\nPostgreSQL, top statements of the phase by total time:\n%9s %10s %8s  %s\n", "calls", "total", "mean", "statement")
	for rows.Next() {
		var calls int64
		var total, mean float64
		var query string
		if err := rows.Scan(&calls, &total, &mean, &query); err != nil {
			return err
		}
		fmt.Fprintf(w, "%9d %8.0fms %6.2fms  %s\n", calls, total, mean, query)
	}
	return rows.Err()
}

func (p *pgStats) close() { p.pool.Close() }

package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
)

// pgStatsSettings load pg_stat_statements into the spawned cluster, so each phase can show
// which statements the database spent its time on, planning included.
var pgStatsSettings = []string{"shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_planning=on"}

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

// top prints, since the last reset, how many statements ran in all for requests requests
// (each is a round trip or part of one), then the n with the most execution time, planning
// time and calls.
func (p *pgStats) top(ctx context.Context, w io.Writer, n, requests int) error {
	var calls, plans int64
	var total, planning float64
	if err := p.pool.QueryRow(ctx, `SELECT coalesce(sum(calls), 0)::bigint, coalesce(sum(total_exec_time), 0),
			coalesce(sum(plans), 0)::bigint, coalesce(sum(total_plan_time), 0)
		FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`).Scan(&calls, &total, &plans, &planning); err != nil {
		return err
	}
	perRequest := func(ms float64) float64 { return 1e3 * ms / float64(max(requests, 1)) }
	fmt.Fprintf(w, "\nPostgreSQL: %d statements (%.1f a request), %.0f ms executing them (%.0f µs a request), %d plans made in %.0f ms (%.0f µs a request)\n",
		calls, float64(calls)/float64(max(requests, 1)), total, perRequest(total), plans, planning, perRequest(planning))
	for _, by := range []struct{ title, column string }{
		{"by total time", "total_exec_time"}, {"by planning", "total_plan_time"}, {"by calls", "calls"},
	} {
		if err := p.list(ctx, w, by.title, by.column, n); err != nil {
			return err
		}
	}
	return nil
}

// list prints the n statements of the phase that come first by column.
func (p *pgStats) list(ctx context.Context, w io.Writer, title, column string, n int) error {
	rows, err := p.pool.Query(ctx, `SELECT calls, total_exec_time, mean_exec_time, plans, total_plan_time, left(regexp_replace(query, '\s+', ' ', 'g'), 100)
		FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY `+column+` DESC LIMIT $1`, n)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintf(w, "\nPostgreSQL, top statements of the phase %s:\n%9s %10s %8s %9s %10s  %s\n", title, "calls", "total", "mean", "plans", "planning", "statement")
	for rows.Next() {
		var calls, plans int64
		var total, mean, planning float64
		var query string
		if err := rows.Scan(&calls, &total, &mean, &plans, &planning, &query); err != nil {
			return err
		}
		fmt.Fprintf(w, "%9d %8.0fms %6.2fms %9d %8.0fms  %s\n", calls, total, mean, plans, planning, query)
	}
	return rows.Err()
}

func (p *pgStats) close() { p.pool.Close() }

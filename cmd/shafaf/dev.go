package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/eventstore"
)

// runDev is the embedded default: a throwaway PostgreSQL cluster from the local server
// binaries, migrated and served, stopped again on SIGINT/SIGTERM.
func runDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "./.shafaf/pg", "where the throwaway cluster keeps its files")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	seed := fs.Int("seed", 400, "cases of the demo city seeded into an empty database")
	noSeed := fs.Bool("no-seed", false, "start with an empty city")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	log, err := zap.NewDevelopment()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{DataDir: *dataDir, Logger: log})
	if err != nil {
		return err
	}
	defer func() {
		if err := cluster.Stop(); err != nil {
			log.Warn("stopping PostgreSQL", zap.Error(err))
		}
	}()
	// The data dir survives between runs, so the database may already be there.
	var pgErr *pgconn.PgError
	if err := cluster.CreateDatabase(ctx, "shafaf"); err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "42P04") {
		return err
	}
	fmt.Fprintf(stdout, "PostgreSQL (throwaway) at %s\n", cluster.DSN("shafaf"))
	if !*noSeed && *seed > 0 {
		store, closeStore, err := openStoreDSN(ctx, cluster.DSN("shafaf"))
		if err != nil {
			return err
		}
		head, err := store.Head(ctx)
		if err == nil && head == (eventstore.Position{}) {
			fmt.Fprintf(stdout, "Seeding a demo city of %d cases…\n", *seed)
			var sum demo.Summary
			if sum, err = demo.Seed(ctx, store, demo.Options{Cases: *seed}); err == nil {
				fmt.Fprintf(stdout, "Seeded %d cases (%d events); a valid certificate to verify: %s code %s\n",
					sum.Cases, sum.Events, sum.Valid.Number, sum.Valid.Code)
			}
		}
		closeStore()
		if err != nil {
			return fmt.Errorf("seed the demo city: %w", err)
		}
	}
	fmt.Fprintln(stdout, `Commands take the dev-only header  X-Shafaf-Actor: ROLE:ID  (e.g. "clerk:clerk-7").`)
	return serveUntilDone(ctx, appConfig{DatabaseURL: cluster.DSN("shafaf"), Addr: *addr, DevActorHeader: true, Logger: log}, stdout)
}

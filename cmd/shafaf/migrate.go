package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"
)

// runMigrate applies the event store's and every read model's migrations, then exits.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		return usageError("migrate needs DATABASE_URL")
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	store, err := openStore(ctx, os.Getenv("SHAFAF_EVENTSTORE"), pool, zap.NewNop())
	if err != nil {
		return err
	}
	defer store.Close()
	rt, err := newRuntime(ctx, pool, store, zap.NewNop())
	if err != nil {
		return err
	}
	rt.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

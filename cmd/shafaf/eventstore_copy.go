package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/eventcopy"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// runEventstore holds the event-store tools; today that is `copy`, how a city that started on
// the embedded PostgreSQL store moves to EventStoreDB.
func runEventstore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "copy" {
		return usageError("usage: shafaf eventstore copy --from DSN --to DSN")
	}
	fs := flag.NewFlagSet("eventstore copy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "source store: postgres://… or esdb://…")
	to := fs.String("to", "", "target store: postgres://… or esdb://…")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if *from == "" || *to == "" {
		return usageError("eventstore copy needs --from and --to")
	}
	src, closeSrc, err := openStoreDSN(ctx, *from)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	defer closeSrc()
	dst, closeDst, err := openStoreDSN(ctx, *to)
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	defer closeDst()
	bar := projector.ProgressBar(stderr)
	stats, err := eventcopy.Copy(ctx, src, dst, eventcopy.Options{CountFirst: true, Progress: func(p eventcopy.Progress) {
		bar(uint64(p.Done), uint64(p.Total), p.Rate)
	}})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied %d events (%d were already there), last source position %s\n",
		stats.Events, stats.Present, stats.Last)
	return nil
}

// openStoreDSN opens a store named by a full DSN: postgres:// for the PostgreSQL store (its
// tables are created when missing), esdb:// for EventStoreDB.
func openStoreDSN(ctx context.Context, dsn string) (eventstore.Store, func(), error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		s, err := openStore(ctx, dsn, nil, zap.NewNop())
		if err != nil {
			return nil, nil, err
		}
		return s, func() { _ = s.Close() }, nil
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	s, err := openStore(ctx, "", pool, zap.NewNop())
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return s, func() { _ = s.Close(); pool.Close() }, nil
}

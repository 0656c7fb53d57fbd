package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/projections/projector"
)

// openOperatorRuntime connects an operator command (migrate, projections) to the database in
// DATABASE_URL and the configured event store, with every read model registered and its tables
// in place. The returned func closes all of it.
func openOperatorRuntime(ctx context.Context, command string) (*projector.Runtime, func(), error) {
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		return nil, nil, usageError(command + " needs DATABASE_URL")
	}
	catchUp, err := catchUpBatch(os.Getenv, 0)
	if err != nil {
		return nil, nil, err
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	store, err := openStore(ctx, os.Getenv("SHAFAF_EVENTSTORE"), pool, zap.NewNop())
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	rt, err := newRuntime(ctx, pool, store, projector.Config{CatchUpBatchSize: catchUp}, os.Getenv(publicURLEnv))
	if err != nil {
		_ = store.Close()
		pool.Close()
		return nil, nil, err
	}
	return rt, func() { rt.Close(); _ = store.Close(); pool.Close() }, nil
}

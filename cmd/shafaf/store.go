package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

// openStore opens the event store a URL names: esdb:// (or esdb+discover://) is EventStoreDB,
// empty means the PostgreSQL store inside the product's own database (pool).
func openStore(ctx context.Context, url string, pool *pgxpool.Pool, log *zap.Logger) (eventstore.Store, error) {
	switch {
	case url == "":
		if err := postgres.Migrate(ctx, pool); err != nil {
			return nil, fmt.Errorf("migrate event store: %w", err)
		}
		return postgres.New(ctx, pool)
	case strings.HasPrefix(url, "esdb://"), strings.HasPrefix(url, "esdb+discover://"):
		return esdb.Open(ctx, url, log)
	}
	return nil, usageError(fmt.Sprintf("SHAFAF_EVENTSTORE %q: want esdb://host:2113?... or empty for the PostgreSQL store", redact(url)))
}

// redact hides a password in a connection string before it is printed.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	at := strings.LastIndex(rest, "@")
	if !ok || at < 0 {
		return url
	}
	user, _, _ := strings.Cut(rest[:at], ":")
	return scheme + "://" + user + ":***" + rest[at:]
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"go.uber.org/zap"
)

// runServe is production: configuration from the environment, JSON logs.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: shafaf serve [flags]\n\nFlags:")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nEnvironment (docs/configuration.md):\n")
		writeSettingsText(stderr)
	}
	addr := fs.String("addr", envOr("SHAFAF_HTTP_ADDR", defaultAddr), "listen address (env SHAFAF_HTTP_ADDR)")
	timeouts, err := httpTimeoutFlags(fs, os.Getenv)
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError(err.Error())
	}
	if err := checkSettings(os.Getenv, os.Environ()); err != nil {
		return err
	}
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		return usageError("serve needs DATABASE_URL (e.g. postgres://shafaf@db:5432/shafaf); for a throwaway local setup run `shafaf dev`")
	}
	authCfg, proxies, err := serveAuth(os.Getenv)
	if err != nil {
		return err
	}
	catchUp, err := catchUpBatch(os.Getenv, serveCatchUpBatch)
	if err != nil {
		return err
	}
	tlogCfg, err := transparencyFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	notify, err := notifyFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	pay, err := paymentsFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	log, err := zap.NewProduction()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	return serveUntilDone(ctx, appConfig{DatabaseURL: dsn, EventStoreURL: os.Getenv("SHAFAF_EVENTSTORE"), Addr: *addr,
		Auth: authCfg, TrustedProxies: proxies, Logger: log, CatchUpBatch: catchUp, HTTP: *timeouts,
		CORSOrigin: os.Getenv("SHAFAF_CORS_ORIGIN"), TLSProxy: os.Getenv("SHAFAF_TLS_PROXY") == "true", Transparency: tlogCfg,
		PublicURL: os.Getenv(publicURLEnv), Notify: notify, Payments: pay}, stdout)
}

// defaultMemoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT sets one. The
// server's peak is six read models catching up on a long log (the shared read's buffer,
// batches of 2,000 events, the decode cache): bounded, but Go would let the heap grow to twice
// what is live and pass the 200 MB the service is meant to fit in.
const defaultMemoryLimit = 150 << 20

// defaultGCPercent is the collector's target unless GOGC sets one. Serving, the live heap is
// about a third of the limit, and Go's 100 collected whenever it had doubled: more than once
// a second at 1,000 req/s. At 200 it collects half as often, and the limit still holds the
// heap (and the catch-up peak, where the limit is what binds) under 200 MB.
const defaultGCPercent = 200

// serveUntilDone runs the App until ctx ends (SIGINT/SIGTERM) or a component fails.
func serveUntilDone(ctx context.Context, cfg appConfig, stdout io.Writer) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	if addr := os.Getenv(pprofAddrEnv); addr != "" {
		_, stop, err := servePprof(addr, cfg.Logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	app, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer app.Close()
	cfg.Logger.Info("serving", zap.String("url", app.URL()))
	fmt.Fprintf(stdout, "Shafaf is serving on %s\n", app.URL())
	return app.Wait(ctx)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

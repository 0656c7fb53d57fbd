package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	pgxuuid "github.com/vgarvardt/pgx-google-uuid/v5"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/httpapi"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/httpapi/idempotency"
	"github.com/shafaf-city/shafaf/httpapi/web"
	"github.com/shafaf-city/shafaf/projections/actoractivity"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/delegations"
	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/webhook"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodels"
	"github.com/shafaf-city/shafaf/projections/tlog"
	"github.com/shafaf-city/shafaf/projections/transparency"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// appConfig is everything App needs, already validated.
type appConfig struct {
	DatabaseURL   string
	EventStoreURL string // empty: the PostgreSQL store in DatabaseURL
	Addr          string
	// Auth says how bearer tokens are verified: the identity provider's keys (serve) or the
	// dev issuer's secret (dev, tests).
	Auth auth.Config
	// TrustedProxies may set X-Forwarded-For (SHAFAF_TRUSTED_PROXIES); none by default.
	TrustedProxies []string
	// Documents says where uploaded files live and how large they may be (documents.go).
	Documents documentsConfig
	// CORSOrigin is the dashboard origin browsers may call the API from (SHAFAF_CORS_ORIGIN).
	CORSOrigin string
	// TLSProxy says a TLS-terminating proxy sets X-Forwarded-Proto, so responses carry HSTS.
	TLSProxy bool
	// HTTP bounds slow and idle connections (SHAFAF_HTTP_*_TIMEOUT); zero fields: the defaults.
	HTTP httpapi.Timeouts
	// CatchUpBatch sizes the read models' catch-up transactions (SHAFAF_CATCHUP_BATCH); 0 is
	// the runtime's default.
	CatchUpBatch int
	// Transparency signs the event log's checkpoints (transparency.go).
	Transparency transparencyConfig
	// PublicURL starts the links in messages, a printable certificate's QR code and a case's
	// certificate_url (SHAFAF_PUBLIC_URL); Notify says where messages go.
	PublicURL string
	Notify    notifyConfig
	// Payments says which gateway takes online payments and the bills' company code (payments.go).
	Payments paymentsConfig
	Logger   *zap.Logger
	// Now is the clock of the commands and of the readers that say what is overdue; nil:
	// time.Now. Tests set it to open cases in the past.
	Now func() time.Time
}

// App is the running product: database, event store, projectors and the HTTP API. End-to-end
// tests run this same wiring on port 0.
type App struct {
	cfg      appConfig
	pool     *pgxpool.Pool
	store    eventstore.Store
	runtime  *projector.Runtime
	idem     *idempotency.Store
	signer   *tlog.Signer // nil when no signing key is configured
	verifier *auth.Verifier
	server   *http.Server
	listener net.Listener
	stop     context.CancelFunc
	done     chan error
}

// openApp connects, migrates, starts the projectors and starts listening.
func openApp(ctx context.Context, cfg appConfig) (_ *App, err error) {
	// A local, not the named result: `return nil, err` must not leave Close a nil App.
	a := &App{cfg: cfg, done: make(chan error, 3)}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if a.pool, err = connect(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	if a.store, err = openStore(ctx, cfg.EventStoreURL, a.pool, cfg.Logger); err != nil {
		return nil, err
	}
	if a.runtime, err = newRuntime(ctx, a.pool, a.store, projector.Config{Logger: cfg.Logger, CatchUpBatchSize: cfg.CatchUpBatch}, cfg.PublicURL); err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	caseCmds, err := commands.NewCases(a.store, catalogue.Default(), now, uuid.New, commands.WithAuthorization(),
		commands.WithBillCompany(cfg.Payments.BillCompany))
	if err != nil {
		return nil, err
	}
	docs, err := openDocuments(ctx, cfg.Documents, caseCmds)
	if err != nil {
		return nil, err
	}
	if a.verifier, err = auth.NewVerifier(cfg.Auth, auth.WithLogger(cfg.Logger)); err != nil {
		return nil, err
	}
	if err := a.verifier.Ready(ctx); err != nil { // a wrong key-set URL shows here, not as 401s
		return nil, fmt.Errorf("identity provider: %w", err)
	}
	tl, signer, err := openTransparency(ctx, a.pool, a.runtime, cfg.Transparency, now)
	if err != nil {
		return nil, err
	}
	a.signer = signer
	pages, err := web.New(web.Config{Logger: cfg.Logger, LogPublicKey: publicKey(signer), PublicURL: cfg.PublicURL, Source: &web.ReadModels{
		Catalogue: catalogue.Default(), Transparency: transparency.Reader{Reads: a.runtime},
		Certificates: certificates.Reader{Reads: a.runtime}, Cases: casesummary.Reader{Reads: a.runtime, Now: now}, Log: publishedLog(tl, signer), Now: now, Status: a.runtime.Status,
		Links: outbox.Links{Pool: a.pool}}})
	if err != nil {
		return nil, err
	}
	if a.idem, err = idempotency.Open(ctx, a.pool, cfg.Logger); err != nil {
		return nil, err
	}
	pay, err := openPayments(ctx, a.pool, caseCmds, cfg.Payments, now, cfg.Logger)
	if err != nil {
		return nil, err
	}
	collectors := []prometheus.Collector{outbox.NewCollector(a.pool)}
	if c, ok := a.store.(prometheus.Collector); ok { // the PostgreSQL store's group commit
		collectors = append(collectors, c)
	}
	api := httpapi.New(httpapi.Config{
		Logger: cfg.Logger, Verifier: a.verifier, TrustedProxies: cfg.TrustedProxies, Cases: caseCmds,
		Summaries: casesummary.Reader{Reads: a.runtime, Now: now, Links: certificates.Links{Base: cfg.PublicURL}}, Positions: a.runtime, Ready: a.ready, Web: pages,
		Queues: workqueue.Reader{Reads: a.runtime, Now: now}, Idempotency: a.idem, Delegations: &delegations.CachedReader{Reader: delegations.Reader{Reads: a.runtime, Now: now}, Changes: a.runtime},
		Metrics: httpapi.NewMetrics(a.runtime, collectors...), CORSOrigin: cfg.CORSOrigin, TLSProxy: cfg.TLSProxy, Documents: docs,
		Timeouts:     cfg.HTTP,
		Transparency: tl,
		Payments:     pay,
		Webhooks:     webhook.Store{Pool: a.pool},
		Activity:     actoractivity.Reader{Reads: a.runtime},
	})
	if a.listener, err = net.Listen("tcp", cfg.Addr); err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	a.listener = httpapi.ProblemListener(a.listener) // net/http's own 400 and 431 as problems too
	a.server = api.HTTPServer()
	runCtx, stop := context.WithCancel(context.Background())
	a.stop = stop
	go func() { a.done <- a.runtime.Run(runCtx) }()
	go a.idem.PurgeEvery(runCtx, time.Hour)
	dispatcher := newDispatcher(a.pool, cfg.Notify, cfg.Logger)
	go func() { a.done <- dispatcher.Run(runCtx) }()
	if signer != nil {
		go signer.Run(runCtx, cmp.Or(cfg.Transparency.Every, defaultCheckpointEvery), cfg.Logger)
	}
	go func() { a.done <- a.server.Serve(a.listener) }()
	return a, nil
}

// newRuntime registers every read model with the projector runtime and prepares their tables.
// publicURL starts the links of the messages the outbox plans.
func newRuntime(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, cfg projector.Config, publicURL string) (*projector.Runtime, error) {
	summary, err := casesummary.New()
	if err != nil {
		return nil, err
	}
	planner, err := outbox.NewPlanner(cmp.Or(publicURL, defaultPublicURL))
	if err != nil {
		return nil, err
	}
	models, err := readmodels.All()
	if err != nil {
		return nil, err
	}
	delegated, err := delegations.New()
	if err != nil {
		return nil, err
	}
	rt, err := projector.New(pool, store, cfg, append([]projector.Projection{summary, planner, delegated}, models...)...)
	if err != nil {
		return nil, err
	}
	if err := rt.Setup(ctx); err != nil {
		return nil, fmt.Errorf("set up read models: %w", err)
	}
	return rt, nil
}

// defaultPoolSize is the connections a process opens when DATABASE_URL does not say
// (pool_max_conns). pgx's own default, the CPUs and at least 4, queued the API's reads behind
// the read models' writers and the appends: at 1,000 req/s on 2 cores, 4 connections gave query
// p99 68 ms and command p99 577 ms, 16 gave 37 and 129 ms, and 32 no better (47 and 119 ms;
// docs/BENCHMARKS.md).
const defaultPoolSize = 16

func connect(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = defaultPoolSize
	}
	// pgx sends a uuid.UUID through its driver.Valuer, as text re-parsed after a failed binary
	// encode, and scans one through sql.Scanner from text: 3 % of the server's CPU at 1,000
	// req/s. Registered, ids go both ways as 16 bytes.
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		pgxuuid.Register(c.TypeMap())
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database unreachable: %w", err)
	}
	return pool, nil
}

// ready is /readyz: the database, the event store and the identity provider's keys answer. Parked cases leave it ready but
// degraded: every other case still flows.
func (a *App) ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.pool.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if _, err := a.store.Head(ctx); err != nil {
		return fmt.Errorf("event store: %w", err)
	}
	if err := a.verifier.Ready(ctx); err != nil {
		return fmt.Errorf("identity provider: %w", err)
	}
	parked, err := a.runtime.ParkedCases(ctx)
	if err != nil {
		return fmt.Errorf("projectors: %w", err)
	}
	if len(parked) > 0 {
		return &httpapi.Degraded{ParkedCases: parked}
	}
	return nil
}

// URL is the base address the API answers on.
func (a *App) URL() string { return "http://" + a.listener.Addr().String() }

// Wait blocks until ctx ends or a component fails.
func (a *App) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-a.done:
		if errors.Is(err, http.ErrServerClosed) || errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
}

// Close stops serving, lets in-flight requests finish, stops the projectors and disconnects.
func (a *App) Close() {
	if a.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = a.server.Shutdown(ctx)
		cancel()
	}
	if a.stop != nil {
		a.stop()
	}
	if a.runtime != nil {
		a.runtime.Close()
	}
	if a.store != nil {
		_ = a.store.Close()
	}
	if a.idem != nil {
		a.idem.Close()
	}
	if a.pool != nil {
		a.pool.Close()
	}
}

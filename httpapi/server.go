// Package httpapi is the JSON API over HTTP: thin gin handlers that decode a request, call the
// application layer, and encode the answer. Errors are mapped to RFC 9457 problems in one place.
package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/httpapi/idempotency"
	"github.com/shafaf-city/shafaf/httpapi/openapi"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"go.uber.org/zap"
)

// CaseCommands is what the API needs from the application layer.
type CaseCommands interface {
	Submit(ctx context.Context, cmd commands.SubmitApplication, actor commands.Actor) (commands.Result, error)
	// Run runs a command of commands.Actions on an existing case.
	Run(ctx context.Context, id uuid.UUID, cmd cases.Received, actor commands.Actor, ifMatch *uint64) (commands.Result, error)
	Issue(ctx context.Context, id uuid.UUID, zoning *cases.Zoning, actor commands.Actor, ifMatch *uint64) (commands.Result, error)
	// RecordPatrolFinding opens a violation case found on patrol, or records on the plot's open one.
	RecordPatrolFinding(ctx context.Context, f cases.RecordPatrolFinding, actor commands.Actor) (commands.Result, bool, error)
	PlaceHold(ctx context.Context, id uuid.UUID, reason string, actor commands.Actor) (commands.Result, error)
	ReleaseHold(ctx context.Context, id uuid.UUID, reason string, actor commands.Actor) (commands.Result, error)
	// Reassign moves many cases, one Assign each (reassign.go); Delegate and RevokeDelegation
	// keep an official's delegations (delegations.go).
	Reassign(ctx context.Context, r commands.Reassignment, actor commands.Actor) ([]commands.Reassigned, error)
	Delegate(ctx context.Context, d commands.Delegation, actor commands.Actor) (commands.Result, error)
	RevokeDelegation(ctx context.Context, official string, id uuid.UUID, reason string, actor commands.Actor) (commands.Result, error)
	History(ctx context.Context, id uuid.UUID) ([]eventstore.RecordedEvent, error)
	// TargetOf is the access target of the case whose History recs is.
	TargetOf(recs []eventstore.RecordedEvent) (access.Target, error)
	// PlotEvents are the events the case whose History recs is wrote to its plot's stream.
	PlotEvents(ctx context.Context, recs []eventstore.RecordedEvent) ([]eventstore.RecordedEvent, error)
}

// CaseSummaries reads the case_summary read model: one case, the case list, an applicant's cases.
type CaseSummaries interface {
	Get(ctx context.Context, id uuid.UUID) (casesummary.Case, error)
	GetByNumber(ctx context.Context, n string) (casesummary.Case, error)
	List(ctx context.Context, q casesummary.ListQuery) (casesummary.List, error)
	Mine(ctx context.Context, q casesummary.MineQuery) (casesummary.Mine, error)
}

// Positions tells how far a read model has caught up, for read-your-writes queries.
type Positions interface {
	Position(ctx context.Context, name string) (eventstore.Position, error)
	WaitFor(ctx context.Context, name string, pos eventstore.Position) error
}

// Config holds what the API needs from the outside.
type Config struct {
	Logger *zap.Logger
	// Verifier checks the bearer token of every private route (authz.go); required.
	Verifier *auth.Verifier
	// TrustedProxies are the proxies (IPs or CIDRs) whose X-Forwarded-For names the client, for
	// per-client limits; none by default, so clients cannot forge their address.
	TrustedProxies []string
	Cases          CaseCommands
	Summaries      CaseSummaries
	Positions      Positions
	// Ready reports whether the store and database are reachable, for /readyz; a *Degraded
	// answer keeps the instance ready.
	Ready func(ctx context.Context) error
	// Web mounts the public pages (dashboard, /verify, /open-data); nil serves the API alone.
	Web WebPages
	// Queues answer the work queue (queries.go).
	Queues WorkQueues
	// Delegations say whose cases a caller holds now and list delegations (delegations.go).
	Delegations Delegations
	// Idempotency keeps the responses of requests sent with Idempotency-Key; nil ignores the header.
	Idempotency *idempotency.Store
	// Metrics times requests, counts command outcomes and serves /metrics; nil: none.
	Metrics *Metrics
	// CORSOrigin is the one browser origin (the dashboard, SHAFAF_CORS_ORIGIN) allowed to call
	// the API cross-origin; empty: none.
	CORSOrigin string
	// TLSProxy says a TLS-terminating proxy in front sets X-Forwarded-Proto, so HSTS is sent.
	TLSProxy bool
	// PublicRate limits each client address on the public endpoints; zero: defaultPublicRate.
	PublicRate PublicRate
	// Documents receives and serves the files of cases (documents.go); nil: no document routes.
	Documents Documents
	// Timeouts bound slow and idle connections (timeouts.go); zero fields: DefaultTimeouts'.
	Timeouts Timeouts
	// Transparency publishes the signed event log's checkpoints and proofs (transparency.go);
	// nil: no transparency routes.
	Transparency TransparencyLog
	// Payments starts online payments and takes the gateway's callbacks (payments.go); nil:
	// no payment routes.
	Payments Payments
	// Webhooks is the admin API of webhook subscriptions (webhooks.go); nil: no such routes.
	Webhooks Webhooks
	// Activity answers what one actor did (queries_activity.go).
	Activity ActorActivity
}

// WebPages is the public site, registered beside the API on the same router.
type WebPages interface {
	Register(r gin.IRoutes)
}

// Server is the HTTP API.
type Server struct {
	cfg    Config
	log    *zap.Logger
	engine *gin.Engine
}

// New builds the API with every route registered.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	cfg.Timeouts = cfg.Timeouts.withDefaults()
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, log: cfg.Logger, engine: gin.New()}
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		s.log.Error("ignoring invalid trusted proxies; trusting none", zap.Error(err))
		_ = s.engine.SetTrustedProxies(nil)
	}
	s.engine.Use(s.observe(), s.requestContext(), s.securityHeaders(), s.cors(), s.rateLimitPublic(), s.recoverPanics(), s.normalizeInput(), s.authenticate(), s.actingFor(), s.allowLargeBodies())
	s.routes()
	return s
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

func (s *Server) routes() {
	r := s.engine
	if s.cfg.Idempotency != nil {
		r.Use(idempotency.Middleware(s.cfg.Idempotency, s.callerScope, s.writeError)) // retried POSTs answer their first response
	}
	r.GET("/healthz", s.healthz)                         // the process is alive
	r.GET("/readyz", s.readyz)                           // the store and database answer
	r.POST("/v1/cases", s.submitCase)                    // open a case (applicant online, clerk walk-in)
	r.POST("/v1/patrol-findings", s.recordPatrolFinding) // a violation found on patrol, with its inspection, in one step
	s.registerCaseActions(r)                             // every command of commands.Actions, through one pipeline
	r.POST("/v1/cases/:id/issue", s.issue)               // hand out the certificate or permit
	r.POST("/v1/cases/:id/hold", s.hold(true))           // hold the case's plot: blocks issuance on any case for it
	r.POST("/v1/cases/:id/release-hold", s.hold(false))  // lift the case's hold on its plot
	r.GET("/v1/catalogue", s.listCatalogue)              // every service of the current (or ?version=) catalogue
	r.GET("/v1/catalogue/:key", s.getCatalogueService)   // one service: steps, roles, documents, fees, deadline
	r.GET("/v1/cases/:id", s.getCase)                    // the case as the read model sees it
	r.GET("/v1/cases/:id/history", s.caseHistory)        // every event of the case, from the store
	r.GET("/v1/cases", s.listCases)                      // cases by filter, sorted, a page at a time
	r.GET("/v1/cases/:id/timeline", s.caseTimeline)      // the history for people: who, when, why, status before and after
	r.GET("/v1/cases/:id/state", s.caseAsOf)             // the case at a past instant (?as_of=), replayed from the store
	r.GET("/v1/me/queue", s.myQueue)                     // the caller's work queue, soonest due first
	r.GET("/v1/me/cases", s.myCases)                     // the cases the caller applied for
	r.GET("/metrics", s.metrics)                         // Prometheus metrics
	openapi.Register(r)                                  // the contract at /openapi.json and its page at /docs

	r.GET("/v1/cases/by-number/:number", s.getCaseByNumber) // the case a tracking number names
	s.registerOffice(r)                                     // team load, bulk reassignment, delegations (team.go)

	r.GET("/v1/actors/:actor/activity", s.actorActivity) // what one official did, newest first, for auditors and supervisors
	r.GET("/v1/cases/:id/export", s.exportCase)          // the case's full trail for a court or commission, JSON or CSV
	if s.cfg.Documents != nil {
		r.POST("/v1/cases/:id/documents", s.uploadDocument)         // attach a deed, map or ID (multipart: type, file)
		r.GET("/v1/cases/:id/documents/:docId", s.downloadDocument) // stream one file to those allowed; ETag is its SHA-256
	}
	if s.cfg.Transparency != nil {
		s.registerTransparency(r) // the signed event log: checkpoints and proofs, for anyone
	}
	if s.cfg.Payments != nil {
		s.registerPayments(r) // online payment of the outstanding bill, and the gateway's callback
	}
	if s.cfg.Webhooks != nil {
		s.registerWebhooks(r) // other systems' subscriptions to case events, for admins
	}
	if s.cfg.Web != nil {
		s.cfg.Web.Register(r) // the public dashboard, certificate verification and open data
	}
	r.NoRoute(func(c *gin.Context) {
		s.writeError(c, domain.NotFound("no such endpoint: "+c.Request.Method+" "+c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		s.writeError(c, &domain.Error{Code: codeMethodNotAllowed, Message: c.Request.Method + " is not allowed here"})
	})
}

func (s *Server) healthz(c *gin.Context) { JSON(c, http.StatusOK, gin.H{"status": "ok"}) }

func (s *Server) readyz(c *gin.Context) {
	if s.cfg.Ready != nil {
		err := s.cfg.Ready(c.Request.Context())
		if d := (*Degraded)(nil); errors.As(err, &d) {
			writeDegraded(c, d)
			return
		}
		if err != nil {
			s.writeError(c, &domain.Error{Code: domain.CodeUnavailable, Message: "not ready: " + err.Error(), Err: err})
			return
		}
	}
	JSON(c, http.StatusOK, gin.H{"status": "ready"})
}

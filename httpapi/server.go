// Package httpapi is the JSON API over HTTP: thin gin handlers that decode a request, call the
// application layer, and encode the answer. Errors are mapped to RFC 9457 problems in one place.
package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"go.uber.org/zap"
)

// CaseCommands is what the API needs from the application layer.
type CaseCommands interface {
	Submit(ctx context.Context, cmd commands.SubmitApplication, actor commands.Actor) (commands.Result, error)
	AcceptIntake(ctx context.Context, id uuid.UUID, note string, actor commands.Actor, ifMatch *uint64) (commands.Result, error)
	Decide(ctx context.Context, id uuid.UUID, cmd commands.RecordDecision, actor commands.Actor, ifMatch *uint64) (commands.Result, error)
	History(ctx context.Context, id uuid.UUID) ([]eventstore.RecordedEvent, error)
}

// CaseSummaries reads the case_summary read model.
type CaseSummaries interface {
	Get(ctx context.Context, id uuid.UUID) (casesummary.Case, error)
}

// Positions tells how far a read model has caught up, for read-your-writes queries.
type Positions interface {
	Position(ctx context.Context, name string) (eventstore.Position, error)
	WaitFor(ctx context.Context, name string, pos eventstore.Position) error
}

// Config holds what the API needs from the outside.
type Config struct {
	Logger *zap.Logger
	// DevActorHeader lets X-Shafaf-Actor name the actor; only `shafaf dev` sets it.
	DevActorHeader bool
	Cases          CaseCommands
	Summaries      CaseSummaries
	Positions      Positions
	// Ready reports whether the store and database are reachable, for /readyz.
	Ready func(ctx context.Context) error
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
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, log: cfg.Logger, engine: gin.New()}
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	s.engine.Use(s.requestContext(), s.recoverPanics())
	s.routes()
	return s
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

func (s *Server) routes() {
	r := s.engine
	r.GET("/healthz", s.healthz)                       // the process is alive
	r.GET("/readyz", s.readyz)                         // the store and database answer
	r.POST("/v1/cases", s.submitCase)                  // open a case (applicant online, clerk walk-in)
	r.POST("/v1/cases/:id/accept", s.acceptIntake)     // intake accepts a complete file
	r.POST("/v1/cases/:id/decision", s.recordDecision) // approve or reject with reasons
	r.GET("/v1/cases/:id", s.getCase)                  // the case as the read model sees it
	r.GET("/v1/cases/:id/history", s.caseHistory)      // every event of the case, from the store
	r.NoRoute(func(c *gin.Context) {
		s.writeError(c, domain.NotFound("no such endpoint: "+c.Request.Method+" "+c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		s.writeError(c, &domain.Error{Code: codeMethodNotAllowed, Message: c.Request.Method + " is not allowed here"})
	})
}

func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

func (s *Server) readyz(c *gin.Context) {
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(c.Request.Context()); err != nil {
			s.writeError(c, &domain.Error{Code: domain.CodeUnavailable, Message: "not ready: " + err.Error(), Err: err})
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

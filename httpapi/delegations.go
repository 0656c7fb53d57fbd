package httpapi

import (
	"context"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/projections/delegations"
)

// Delegations reads the delegations read model: whose cases a caller holds now, and listings.
type Delegations interface {
	ActingFor(ctx context.Context, official string) ([]string, error)
	List(ctx context.Context, q delegations.Query) (delegations.Page, error)
}

// actingFor completes a staff caller's principal with the officials whose delegation they hold
// now, so every policy check of the request reaches those officials' cases. When the read
// model cannot answer, the request goes on without: the caller keeps their own reach.
func (s *Server) actingFor() gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := auth.FromContext(c)
		if !ok || p.Department == "" || s.cfg.Delegations == nil {
			return
		}
		held, err := s.cfg.Delegations.ActingFor(c, p.Subject)
		if err != nil {
			s.log.Warn("delegations unreadable; the caller acts for themselves only", zap.Error(err), zap.String("request_id", requestID(c)))
			return
		}
		p.ActingFor = held
		auth.WithPrincipal(c, p)
	}
}

// delegationRequest is POST /v1/staff/:official/delegations's body.
type delegationRequest struct {
	To     string         `json:"to"`
	Starts jalali.Instant `json:"starts"`
	Ends   jalali.Instant `json:"ends"`
	Reason string         `json:"reason"`
}

// reasonRequest is a body that only says why.
type reasonRequest struct {
	Reason string `json:"reason"`
}

// delegationResponse says where a delegation command landed.
type delegationResponse struct {
	ID       uuid.UUID `json:"id"`
	Official string    `json:"official"`
	Revision uint64    `json:"revision"`
	Position string    `json:"position"`
	Events   []string  `json:"events"`
}

// delegate records that :official's cases go to a colleague for a period.
func (s *Server) delegate(c *gin.Context) {
	var req delegationRequest
	s.runDelegationCommand(c, &req, http.StatusCreated, func(actor commands.Actor) (commands.Result, error) {
		return s.cfg.Cases.Delegate(c, commands.Delegation{From: c.Param("official"), To: req.To, Starts: req.Starts.Time,
			Ends: req.Ends.Time, Reason: req.Reason}, actor)
	})
}

// revokeDelegation ends :official's delegation :id.
func (s *Server) revokeDelegation(c *gin.Context) {
	var req reasonRequest
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		s.writeError(c, domain.NotFound("delegation not found"))
		return
	}
	s.runDelegationCommand(c, &req, http.StatusOK, func(actor commands.Actor) (commands.Result, error) {
		return s.cfg.Cases.RevokeDelegation(c, c.Param("official"), id, req.Reason, actor)
	})
}

func (s *Server) runDelegationCommand(c *gin.Context, req any, status int, run func(commands.Actor) (commands.Result, error)) {
	actor, err := s.actor(c)
	if err == nil {
		err = decodeJSON(c, req)
	}
	var res commands.Result
	if err == nil {
		res, err = run(actor)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, status, delegationResponse{ID: res.CaseID, Official: c.Param("official"), Revision: res.Revision,
		Position: res.Position.String(), Events: res.Events})
}

// listDelegations is GET /v1/delegations: those from or to the caller's department (every
// department for auditors and admins), of one ?official=, only ?in_force=true ones.
func (s *Server) listDelegations(c *gin.Context) {
	inForce, err := oneOfParam(c, "in_force", []string{"true", "false"})
	if err != nil {
		s.writeError(c, err)
		return
	}
	p, limit, offset, ok := s.pagedQuery(c, access.ViewDelegations, delegations.Name)
	if !ok {
		return
	}
	q := delegations.Query{Official: c.Query("official"), InForce: inForce == "true", Limit: limit, Offset: offset}
	if !slices.ContainsFunc(access.Grants(p.Actor, access.ViewDelegations), func(g access.Grant) bool { return g.Scope == access.ScopeAny }) {
		q.Department = p.Department
	}
	page, err := s.cfg.Delegations.List(c, q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, page)
}

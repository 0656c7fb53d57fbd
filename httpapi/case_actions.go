package httpapi

import (
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// registerCaseActions registers one handler per row of commands.Actions: the body decodes
// straight into the row's domain command (server-filled fields are hidden from JSON) and runs
// through the one command pipeline.
func (s *Server) registerCaseActions(r gin.IRoutes) {
	for _, a := range commands.Actions {
		r.Handle(a.Method, a.Path, s.caseAction(a))
	}
}

func (s *Server) caseAction(a commands.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		body, cmd := a.New()
		s.runCaseCommand(c, body, func(id uuid.UUID, actor commands.Actor, ifMatch *uint64) (commands.Result, error) {
			return s.cfg.Cases.Run(c, id, cmd(), actor, ifMatch)
		})
	}
}

// issueRequest is the content staff state in the document: a land-use reply's zoning.
type issueRequest struct {
	Zoning *cases.Zoning `json:"zoning"`
}

func (s *Server) issue(c *gin.Context) {
	var req issueRequest
	s.runCaseCommand(c, &req, func(id uuid.UUID, actor commands.Actor, ifMatch *uint64) (commands.Result, error) {
		return s.cfg.Cases.Issue(c, id, req.Zoning, actor, ifMatch)
	})
}

type holdRequest struct {
	Reason string `json:"reason"`
}

// hold places (place = true) or releases the case's hold on its plot; If-Match does not apply,
// since the hold lives on the plot's stream.
func (s *Server) hold(place bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req holdRequest
		s.runCaseCommand(c, &req, func(id uuid.UUID, actor commands.Actor, _ *uint64) (commands.Result, error) {
			if place {
				return s.cfg.Cases.PlaceHold(c, id, req.Reason, actor)
			}
			return s.cfg.Cases.ReleaseHold(c, id, req.Reason, actor)
		})
	}
}

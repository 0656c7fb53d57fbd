package httpapi

import (
	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/commands"
)

// actor is the authenticated caller as the application layer records them: the token's
// subject, its least privileged role (commands replace it with the role that permitted the
// command) and the verified principal the policy checks.
func (s *Server) actor(c *gin.Context) (commands.Actor, error) {
	p, err := principal(c)
	if err != nil {
		return commands.Actor{}, err
	}
	role := ""
	if len(p.Roles) > 0 {
		role = string(p.Roles[0])
	}
	return commands.Actor{ID: p.Subject, Role: role, RequestID: requestID(c), CorrelationID: correlationID(c),
		Principal: p.Actor}, nil
}

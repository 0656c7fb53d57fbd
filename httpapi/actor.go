package httpapi

import (
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
)

// headerDevActor names the actor as "role:id" until bearer authentication replaces it; only
// `shafaf dev` accepts it, so a production server can never be driven by a forged header.
const headerDevActor = "X-Shafaf-Actor"

// actor says who is calling, or why no actor can be established.
func (s *Server) actor(c *gin.Context) (commands.Actor, error) {
	if !s.cfg.DevActorHeader {
		return commands.Actor{}, &domain.Error{Code: domain.CodeForbidden,
			Message: "commands need an authenticated actor; this server accepts none yet"}
	}
	role, id, ok := strings.Cut(c.GetHeader(headerDevActor), ":")
	role, id = strings.TrimSpace(role), strings.TrimSpace(id)
	if !ok || role == "" || id == "" {
		return commands.Actor{}, domain.Invalid(domain.FieldError{Field: headerDevActor, Code: "required",
			Message: `send the header as "role:id", e.g. "clerk:clerk-7"`})
	}
	return commands.Actor{ID: id, Role: role, RequestID: requestID(c), CorrelationID: correlationID(c)}, nil
}

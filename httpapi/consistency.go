package httpapi

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/eventstore"
)

// readYourWritesWait is how long a query with ?after= waits for its read model to catch up.
const readYourWritesWait = 2 * time.Second

// awaitReadModel honours ?after=POSITION: it waits until read model name has processed the
// position a command handed out. It answers 503 with Retry-After and the current position when
// the model is still behind after readYourWritesWait, and reports whether the query may go on.
func (s *Server) awaitReadModel(c *gin.Context, name string) bool {
	token := c.Query("after")
	if token == "" {
		return true
	}
	pos, err := eventstore.ParsePosition(token)
	if err != nil {
		s.writeError(c, domain.Invalid(domain.FieldError{Field: "after", Code: "format", Message: err.Error()}))
		return false
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), readYourWritesWait)
	defer cancel()
	err = s.cfg.Positions.WaitFor(ctx, name, pos)
	if err == nil {
		return true
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		s.writeError(c, err)
		return false
	}
	current, _ := s.cfg.Positions.Position(c.Request.Context(), name)
	c.Header("Retry-After", "1")
	c.Header("X-Shafaf-Position", current.String())
	s.writeError(c, &domain.Error{Code: domain.CodeUnavailable,
		Message: "the " + name + " read model has not reached position " + pos.String() + " yet; it is at " + current.String()})
	return false
}

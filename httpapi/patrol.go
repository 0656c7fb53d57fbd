package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// recordPatrolFinding answers 201 with the case's Location when the finding opened a case, 200
// when it was recorded on the plot's open case.
func (s *Server) recordPatrolFinding(c *gin.Context) {
	var req cases.RecordPatrolFinding
	actor, err := s.actor(c)
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, opened, err := s.cfg.Cases.RecordPatrolFinding(c, req, actor)
	if err != nil {
		s.writeError(c, err)
		return
	}
	status := http.StatusOK
	if opened {
		status = http.StatusCreated
		c.Header("Location", "/v1/cases/"+res.CaseID.String())
	}
	s.writeCommandResult(c, status, res)
}

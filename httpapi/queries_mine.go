package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// myCases is an applicant's own cases, newest first: those they submitted online (their token
// subject) and those filed for their national ID at a counter.
func (s *Server) myCases(c *gin.Context) {
	p, limit, offset, ok := s.pagedQuery(c, access.ViewCase, casesummary.Name)
	if !ok {
		return
	}
	page, err := s.cfg.Summaries.Mine(c, casesummary.MineQuery{Applicant: p.Actor, Limit: limit, Offset: offset})
	if err == nil {
		page.Items, err = s.visibleCases(c, page.Items)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, page)
}

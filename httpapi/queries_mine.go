package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

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
	var items []casesummary.Case
	var total int
	err := s.cfg.ReadModels.Read(c, casesummary.Name, func(tx pgx.Tx) error {
		// Empty identifiers match nothing: a token without a national ID claims no counter cases.
		const mine = `FROM case_summary WHERE (owner_subject = $1 AND $1 <> '') OR (applicant_nid_hash = $2 AND $2 <> '')`
		sub, nid := p.Subject, casesummary.NationalIDHash(p.NationalID)
		if err := tx.QueryRow(c, `SELECT count(*) `+mine, sub, nid).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(c, `SELECT case_id, submitted_at `+mine+` ORDER BY submitted_at DESC, case_id DESC
			LIMIT $3 OFFSET $4`, sub, nid, limit, offset)
		if err != nil {
			return err
		}
		page, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sortedID])
		if err == nil {
			items, err = getCases(c, tx, page)
		}
		return err
	})
	if err == nil {
		items, err = s.visibleCases(c, items)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": total})
}

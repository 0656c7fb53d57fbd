package httpapi

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// listCases is GET /v1/cases: filters, a stable sort with the case id as tie-break, and keyset
// pagination, so pages never skip or repeat a case while others are appended.
func (s *Server) listCases(c *gin.Context) {
	p, err := principal(c)
	if err == nil {
		err = s.authorize(c, access.ListCases, access.Target{})
	}
	var q casesummary.ListQuery
	if err == nil {
		q, err = parseCaseQuery(c)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	q.Viewer, q.Action = p.Actor, access.ListCases
	if !s.awaitReadModel(c, casesummary.Name) {
		return
	}
	page, err := s.cfg.Summaries.List(c, q)
	if err == nil {
		page.Items, err = s.visibleCases(c, page.Items)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}

// visibleCases keeps the rows the caller may view; a row refused by the policy is left out,
// never reported.
func (s *Server) visibleCases(c *gin.Context, rows []casesummary.Case) ([]casesummary.Case, error) {
	out := make([]casesummary.Case, 0, len(rows))
	for _, row := range rows {
		err := s.authorizeCase(c, access.ViewCase, row)
		var de *domain.Error
		switch {
		case err == nil:
			out = append(out, row)
		case errors.As(err, &de) && (de.Code == domain.CodeNotFound || de.Code == domain.CodeForbidden):
		default:
			return nil, err
		}
	}
	return out, nil
}

// knownStatus reports whether some flow of the catalogue has status st.
func knownStatus(st catalogue.Status) bool {
	for _, statuses := range catalogue.Statuses {
		if slices.Contains(statuses, st) {
			return true
		}
	}
	return false
}

// knownService reports whether some published catalogue version has the service key, so a
// filter still finds the cases of a service a later version dropped.
func knownService(key string) bool {
	for _, v := range catalogue.Versions() {
		if cat, ok := catalogue.ByVersion(v); ok {
			if _, ok := cat.Service(key); ok {
				return true
			}
		}
	}
	return false
}

// parseCaseQuery reads the list's parameters into the reader's query, refusing the first bad one.
func parseCaseQuery(c *gin.Context) (casesummary.ListQuery, error) {
	var q casesummary.ListQuery
	var err error
	if q.Limit, err = intParam(c, "limit", 50, 1, maxPage); err != nil {
		return q, err
	}
	if q.Sort, err = casesummary.ParseSort(c.DefaultQuery("sort", "-submitted_at")); err != nil {
		return q, err
	}
	if q.District, err = oneOfParam(c, "district", catalogue.Districts); err != nil {
		return q, err
	}
	if q.Service = c.Query("service"); q.Service != "" && !knownService(q.Service) {
		return q, domain.Invalid(domain.FieldError{Field: "service", Code: "one_of",
			Message: "service " + strconv.Quote(q.Service) + " is in no published catalogue"})
	}
	q.Assignee, q.Number = c.Query("assignee"), c.Query("number")
	if v := c.Query("status"); v != "" {
		q.Statuses = strings.Split(v, ",")
		for _, st := range q.Statuses {
			if !knownStatus(catalogue.Status(st)) {
				return q, domain.Invalid(domain.FieldError{Field: "status", Code: "one_of",
					Message: "status " + strconv.Quote(st) + " is not a status of any case"})
			}
		}
	}
	switch v := c.Query("overdue"); v {
	case "":
	case "true", "false":
		overdue := v == "true"
		q.Overdue = &overdue
	default:
		return q, domain.Invalid(domain.FieldError{Field: "overdue", Code: "format", Message: "overdue is true or false"})
	}
	for _, r := range []struct {
		param string
		bound **time.Time
	}{
		{"submitted_from", &q.SubmittedFrom}, {"submitted_to", &q.SubmittedTo},
		{"decided_from", &q.DecidedFrom}, {"decided_to", &q.DecidedTo},
	} {
		if v := c.Query(r.param); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return q, domain.Invalid(domain.FieldError{Field: r.param, Code: "format", Message: "an RFC 3339 time, e.g. 2026-03-21T00:00:00+03:30"})
			}
			*r.bound = &t
		}
	}
	q.After, err = casesummary.ParseCursor(c.Query("cursor"), q.Sort)
	return q, err
}

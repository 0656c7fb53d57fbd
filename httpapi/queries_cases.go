package httpapi

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/tracking"
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
	JSON(c, http.StatusOK, page)
}

// getCaseByNumber is GET /v1/cases/by-number/{n}: the case a tracking number names, under the
// same rules as by id (another's case is as missing as no case).
func (s *Server) getCaseByNumber(c *gin.Context) {
	n, err := tracking.Parse("number", c.Param("number"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.showCase(c, func() (casesummary.Case, error) { return s.cfg.Summaries.GetByNumber(c, n.String()) })
}

// showCase answers one case that read finds, once the read model has the caller's writes and
// the policy lets the caller view it.
func (s *Server) showCase(c *gin.Context, read func() (casesummary.Case, error)) {
	if !s.awaitReadModel(c, casesummary.Name) {
		return
	}
	sum, err := read()
	if err == nil {
		err = s.authorizeCase(c, access.ViewCase, sum)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("ETag", etag(sum.Revision))
	JSON(c, http.StatusOK, sum)
}

// visibleCases keeps the rows the caller may view; a row refused by the policy is left out,
// never reported.
func (s *Server) visibleCases(c *gin.Context, rows []casesummary.Case) ([]casesummary.Case, error) {
	out := rows[:0] // filtered in place: a page is large and its rows are the caller's to drop
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

// caseNumberParam is ?number= as the reader compares it: a case id or certificate number as
// given, a tracking number in its printed form once its check digit matches.
func caseNumberParam(v string) (string, error) {
	if !tracking.Looks(v) {
		return v, nil
	}
	n, err := tracking.Parse("number", v)
	return n.String(), err
}

// plotParam is ?plot=section:plot (e.g. 12:211/5) in the form the read model keeps.
func plotParam(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	section, text, ok := strings.Cut(v, ":")
	n, err := strconv.Atoi(section)
	if !ok || err != nil {
		return "", domain.Invalid(domain.FieldError{Field: "plot", Code: "format", Message: "plot is section:plot, e.g. 12:211/5"})
	}
	p, err := ident.ParsePlot(n, text)
	if err != nil {
		return "", err
	}
	return section + ":" + p.String(), nil
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

// caseQueryParams are the parameters of the case list; any other is refused, so a filter the
// list does not know is never silently ignored.
var caseQueryParams = []string{"limit", "sort", "cursor", "district", "service", "assignee", "number", "status",
	"overdue", "submitted_from", "submitted_to", "decided_from", "decided_to", "national_id", "plot", "name",
	"after"} // after: read-your-writes (consistency.go)

// parseCaseQuery reads the list's parameters into the reader's query, refusing the first bad one.
func parseCaseQuery(c *gin.Context) (casesummary.ListQuery, error) {
	var q casesummary.ListQuery
	var err error
	for _, name := range slices.Sorted(maps.Keys(c.Request.URL.Query())) {
		if !slices.Contains(caseQueryParams, name) {
			return q, domain.Invalid(domain.FieldError{Field: name, Code: "unknown_filter",
				Message: "the case list has no filter " + strconv.Quote(name) + "; it knows " + strings.Join(caseQueryParams, ", ")})
		}
	}
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
	q.Assignee, q.NamePrefix = c.Query("assignee"), c.Query("name")
	if q.Number, err = caseNumberParam(c.Query("number")); err != nil {
		return q, err
	}
	if v := c.Query("national_id"); v != "" {
		nid, err := ident.ParseNationalID(v)
		if err != nil {
			return q, err
		}
		q.NationalID = nid.String()
	}
	if q.Plot, err = plotParam(c.Query("plot")); err != nil {
		return q, err
	}
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

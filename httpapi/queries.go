package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// WorkQueues answers "what is on this person's desk" from the work_queue read model.
type WorkQueues interface {
	Queue(ctx context.Context, q workqueue.Query) (workqueue.Page, error)
	// Loads counts a department's open cases per assignee, "" for the unassigned.
	Loads(ctx context.Context, department string) ([]workqueue.Load, error)
}

// callerScope names the caller for idempotency keys: one caller's keys never meet another's.
func (s *Server) callerScope(c *gin.Context) (string, error) {
	p, err := principal(c)
	return p.Subject, err
}

// Queue scopes: the caller's own cases (with those of officials whose delegation they hold), or
// their department's cases nobody has been given yet.
const (
	scopeMine       = "mine"
	scopeDepartment = "department"
)

// myQueue is the caller's work queue, soonest due first: ?scope=mine (the default) the open
// cases assigned to them or, while a delegation holds, to its delegator; ?scope=department
// their department's unassigned ones, for whoever takes the next case.
func (s *Server) myQueue(c *gin.Context) {
	waitingOn, err := oneOfParam(c, "waiting_on", cases.WaitingOn)
	var scope string
	if err == nil {
		scope, err = oneOfParam(c, "scope", []string{scopeMine, scopeDepartment})
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	p, limit, offset, ok := s.pagedQuery(c, access.ViewWorkQueue, workqueue.Name)
	if !ok {
		return
	}
	q := workqueue.Query{Assignees: append([]string{p.Subject}, p.ActingFor...), WaitingOn: waitingOn, Limit: limit, Offset: offset}
	if scope == scopeDepartment {
		if p.Department == "" {
			s.writeError(c, domain.Invalid(domain.FieldError{Field: "scope", Code: "no_department",
				Message: "the caller's token names no department, so it has no department queue"}))
			return
		}
		q = workqueue.Query{Answerable: p.Department, Unassigned: true, WaitingOn: waitingOn, Limit: limit, Offset: offset}
	}
	page, err := s.cfg.Queues.Queue(c, q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if page.Items == nil {
		page.Items = []workqueue.Item{}
	}
	for i, it := range page.Items {
		if it.Assignee != "" && it.Assignee != p.Subject {
			page.Items[i].OnBehalfOf = it.Assignee
		}
	}
	JSON(c, http.StatusOK, page)
}

// pagedQuery is the start every "my …" listing shares: the caller, their role's right to
// action, ?limit= and ?offset=, and read-your-writes on read model; it answers the error and
// reports false when the query cannot go on.
func (s *Server) pagedQuery(c *gin.Context, action access.Action, model string) (p auth.Principal, limit, offset int, ok bool) {
	p, err := principal(c)
	if err == nil {
		err = s.authorize(c, action, access.Target{})
	}
	if err == nil {
		limit, offset, err = pageParams(c)
	}
	if err != nil {
		s.writeError(c, err)
		return p, 0, 0, false
	}
	return p, limit, offset, s.awaitReadModel(c, model)
}

// pageParams reads ?limit= (1..500, default 50) and ?offset= (≥ 0).
func pageParams(c *gin.Context) (limit, offset int, err error) {
	limit, err = intParam(c, "limit", 50, 1, maxPage)
	if err == nil {
		offset, err = intParam(c, "offset", 0, 0, 1<<31-1)
	}
	return limit, offset, err
}

const maxPage = 500

// oneOfParam reads a query parameter that is empty or one of allowed; the OpenAPI document
// declares the same values as the parameter's enum.
func oneOfParam(c *gin.Context, name string, allowed []string) (string, error) {
	v := c.Query(name)
	if v != "" && !slices.Contains(allowed, v) {
		return "", domain.Invalid(domain.FieldError{Field: name, Code: "one_of",
			Message: name + " must be one of " + strings.Join(allowed, ", ")})
	}
	return v, nil
}

func intParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, domain.Invalid(domain.FieldError{Field: name, Code: "range",
			Message: name + " must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)})
	}
	return n, nil
}

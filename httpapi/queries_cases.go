package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// sortKeys are the orders a case list offers; nullable dates sort as if far in the future so
// the keyset comparison stays total.
var sortKeys = map[string]string{
	"submitted_at": "submitted_at",
	"due_at":       "coalesce(due_at, '9999-12-31 00:00:00+00')",
	"decided_at":   "coalesce(decided_at, '9999-12-31 00:00:00+00')",
}

// finishedStatuses are the statuses whose legal clock no longer runs, so they are never overdue.
const finishedStatuses = `('rejected','issued','expired','revoked','withdrawn','cancelled','closed')`

// caseList is a page of cases; NextCursor is empty on the last page.
type caseList struct {
	Items      []casesummary.Case `json:"items"`
	NextCursor string             `json:"next_cursor,omitempty"`
}

// listCases is GET /v1/cases: filters, a stable sort with the case id as tie-break, and keyset
// pagination, so pages never skip or repeat a case while others are appended.
func (s *Server) listCases(c *gin.Context) {
	p, err := principal(c)
	if err == nil {
		err = s.authorize(c, access.ListCases, access.Target{})
	}
	var q caseQuery
	if err == nil {
		q, err = parseCaseQuery(c)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	q.listScope(p, access.ListCases)
	if !s.awaitReadModel(c, casesummary.Name) {
		return
	}
	var rows []casesummary.Case
	var next string
	err = s.cfg.ReadModels.Read(c, casesummary.Name, func(tx pgx.Tx) error {
		keys, err := tx.Query(c, `SELECT case_id, `+q.keyExpr+` FROM case_summary WHERE `+strings.Join(q.where, " AND ")+
			` ORDER BY `+q.keyExpr+` `+q.dir+`, case_id `+q.dir+` LIMIT `+strconv.Itoa(q.limit+1), q.args...)
		if err != nil {
			return err
		}
		page, err := pgx.CollectRows(keys, pgx.RowToStructByPos[sortedID])
		if err != nil {
			return err
		}
		if len(page) > q.limit {
			page = page[:q.limit]
			next = cursor{Sort: q.sort, Key: page[q.limit-1].Key, ID: page[q.limit-1].ID}.encode()
		}
		rows, err = getCases(c, tx, page)
		return err
	})
	if err == nil {
		rows, err = s.visibleCases(c, rows)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, caseList{Items: rows, NextCursor: next})
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

// sortedID is a case id with its sort key, as the list query finds them.
type sortedID struct {
	ID  uuid.UUID
	Key time.Time
}

// getCases reads the rows of a page in one query, in the page's order.
func getCases(ctx context.Context, tx pgx.Tx, page []sortedID) ([]casesummary.Case, error) {
	ids := make([]uuid.UUID, len(page))
	for i, k := range page {
		ids[i] = k.ID
	}
	return casesummary.GetMany(ctx, tx, ids)
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

// caseQuery is a parsed list request as SQL pieces with numbered arguments.
type caseQuery struct {
	where   []string
	args    []any
	sort    string // as the client wrote it, e.g. "-submitted_at"
	keyExpr string
	dir     string
	limit   int
}

func (q *caseQuery) add(cond string, arg any) { q.where = append(q.where, q.arg(cond, arg)) }

// arg numbers arg and writes its placeholder wherever cond says $?.
func (q *caseQuery) arg(cond string, arg any) string {
	q.args = append(q.args, arg)
	return strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(q.args)))
}

func parseCaseQuery(c *gin.Context) (caseQuery, error) {
	q := caseQuery{where: []string{"true"}, sort: c.DefaultQuery("sort", "-submitted_at"), dir: "ASC"}
	var err error
	if q.limit, err = intParam(c, "limit", 50, 1, maxPage); err != nil {
		return q, err
	}
	key := strings.TrimPrefix(q.sort, "-")
	if key != q.sort {
		q.dir = "DESC"
	}
	if q.keyExpr = sortKeys[key]; q.keyExpr == "" {
		return q, domain.Invalid(domain.FieldError{Field: "sort", Code: "enum",
			Message: "sort by submitted_at, due_at or decided_at, with a leading - for newest first"})
	}
	if _, err := oneOfParam(c, "district", catalogue.Districts); err != nil {
		return q, err
	}
	if v := c.Query("service"); v != "" && !knownService(v) {
		return q, domain.Invalid(domain.FieldError{Field: "service", Code: "one_of",
			Message: "service " + strconv.Quote(v) + " is in no published catalogue"})
	}
	for _, f := range []struct{ param, cond string }{
		{"service", "service = $?"}, {"district", "district = $?"}, {"assignee", "assignee = $?"},
		{"number", "(case_id::text = $? OR certificate_number = $?)"},
	} {
		if v := c.Query(f.param); v != "" {
			q.add(f.cond, v)
		}
	}
	if v := c.Query("status"); v != "" {
		statuses := strings.Split(v, ",")
		for _, st := range statuses {
			if !knownStatus(catalogue.Status(st)) {
				return q, domain.Invalid(domain.FieldError{Field: "status", Code: "one_of",
					Message: "status " + strconv.Quote(st) + " is not a status of any case"})
			}
		}
		q.add("status = ANY($?)", statuses)
	}
	switch c.Query("overdue") {
	case "":
	case "true":
		q.add("due_at < $? AND status NOT IN "+finishedStatuses, time.Now())
	case "false":
		q.add("NOT coalesce(due_at < $? AND status NOT IN "+finishedStatuses+", false)", time.Now())
	default:
		return q, domain.Invalid(domain.FieldError{Field: "overdue", Code: "format", Message: "overdue is true or false"})
	}
	for _, r := range []struct{ param, cond string }{
		{"submitted_from", "submitted_at >= $?"}, {"submitted_to", "submitted_at < $?"},
		{"decided_from", "decided_at >= $?"}, {"decided_to", "decided_at < $?"},
	} {
		if v := c.Query(r.param); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return q, domain.Invalid(domain.FieldError{Field: r.param, Code: "format", Message: "an RFC 3339 time, e.g. 2026-03-21T00:00:00+03:30"})
			}
			q.add(r.cond, t)
		}
	}
	cur, err := parseCursor(c.Query("cursor"), q.sort)
	if err != nil || cur == nil {
		return q, err
	}
	op := ">"
	if q.dir == "DESC" {
		op = "<"
	}
	q.args = append(q.args, cur.Key, cur.ID)
	n := len(q.args)
	q.where = append(q.where, "("+q.keyExpr+", case_id) "+op+" ($"+strconv.Itoa(n-1)+", $"+strconv.Itoa(n)+")")
	return q, nil
}

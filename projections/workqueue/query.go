package workqueue

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// Query selects a queue: a department's, an assignee's, or both; empty fields do not filter.
type Query struct {
	Department string
	Assignee   string
	Unassigned bool   // only cases nobody has been given yet
	WaitingOn  string // a lifecycle.Party; empty: any
	Limit      int    // 50 when zero, at most 500
	Offset     int
}

// Item is one open case in a queue.
type Item struct {
	CaseID         uuid.UUID `json:"case_id"`
	TrackingNumber string    `json:"tracking_number,omitempty"` // none on cases older than numbers
	Service        string    `json:"service"`
	District       string    `json:"district"`
	Flow           string    `json:"flow"`
	Department     string    `json:"department,omitempty"`
	Assignee       string    `json:"assignee,omitempty"`
	Stage          string    `json:"stage"`
	WaitingOn      string    `json:"waiting_on"`
	SubmittedAt    time.Time `json:"submitted_at"`
	DueAt          time.Time `json:"due_at"`
	Overdue        bool      `json:"overdue"`
	AtRisk         bool      `json:"at_risk"` // due within workdays.AtRiskDays working days, not yet overdue
}

// Page is a page of a queue, soonest due first, with the queue's totals.
type Page struct {
	Items   []Item `json:"items"`
	Total   int    `json:"total"`
	Overdue int    `json:"overdue"`
	AtRisk  int    `json:"at_risk"`
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers queue questions from the live generation on the legal calendar.
type Reader struct {
	Reads    Reads
	Calendar *workdays.Calendar
	Now      func() time.Time
}

// Queue lists the open cases of q, soonest due first.
func (r Reader) Queue(ctx context.Context, q Query) (Page, error) {
	k := r.cutoffs()
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	where := `open AND ($1 = '' OR department = $1) AND ($2 = '' OR assignee = $2) AND (NOT $3 OR assignee IS NULL)
		AND ($4 = '' OR waiting_on = $4)`
	args := []any{q.Department, q.Assignee, q.Unassigned, q.WaitingOn, k.OverdueBefore, k.AtRiskBefore}
	var page Page
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE `+overdue+`),
			count(*) FILTER (WHERE `+atRisk+`) FROM work_queue WHERE `+where,
			args...).Scan(&page.Total, &page.Overdue, &page.AtRisk); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT case_id, tracking_number, service, district, flow, coalesce(department, ''), coalesce(assignee, ''),
			stage, waiting_on, submitted_at, due_at, `+overdue+`, `+atRisk+`
			FROM work_queue WHERE `+where+` ORDER BY due_at, case_id LIMIT $7 OFFSET $8`,
			append(args, min(limit, 500), max(q.Offset, 0))...)
		if err != nil {
			return err
		}
		page.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Item])
		return err
	})
	return page, err
}

// clockRuns holds for a case whose legal clock runs: staff have the move (lifecycle). Only such
// a case can be overdue or at risk; one waiting on the applicant or the owner is not late, so
// the case list, which filters by lifecycle.Stopped, agrees.
const clockRuns = "(waiting_on = '" + string(lifecycle.Staff) + "')"

// overdue and atRisk are the legal clock's flags on a queue row, with $5 and $6 the clock's
// cutoffs (workdays.CutoffsAt).
const (
	overdue = `(` + clockRuns + ` AND due_at < $5)`
	atRisk  = `(` + clockRuns + ` AND due_at >= $5 AND due_at < $6)`
)

// cutoffs are the legal clock's cutoffs now, on the reader's calendar.
func (r Reader) cutoffs() workdays.Cutoffs {
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	cal := r.Calendar
	if cal == nil {
		cal = workdays.Default()
	}
	return cal.CutoffsAt(now)
}

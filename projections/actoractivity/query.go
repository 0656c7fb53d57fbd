package actoractivity

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// Action is one thing an actor did.
type Action struct {
	CaseID         uuid.UUID    `json:"case_id"`
	TrackingNumber string       `json:"tracking_number,omitempty"` // none on cases older than numbers
	Stream         string       `json:"stream"`
	Revision       int64        `json:"revision"`
	ActorID        string       `json:"actor_id"`
	ActorRole      string       `json:"actor_role"`
	RequestID      string       `json:"request_id"`
	CorrelationID  string       `json:"correlation_id"`
	EventType      string       `json:"event_type"`
	At             time.Time    `json:"at"`          // when it happened
	RecordedAt     time.Time    `json:"recorded_at"` // when the store recorded it
	Facts          []cases.Fact `json:"facts"`       // what the event states, personal facts left out
}

// Query asks for one actor's actions, newest first, a page at a time.
type Query struct {
	ActorID string
	From    time.Time // actions at or after; zero: from the start
	To      time.Time // actions before; zero: up to now
	Limit   int       // 50 when zero, at most 500
	Offset  int
}

// Page is a page of actions and how many there are in all.
type Page struct {
	Actions []Action `json:"actions"`
	Total   int      `json:"total"`
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers auditors' questions from the live generation.
type Reader struct{ Reads Reads }

// MaxLimit is the largest page ByActor serves.
const MaxLimit = 500

// ByActor lists what one actor did in [From, To), newest first.
func (r Reader) ByActor(ctx context.Context, q Query) (Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, MaxLimit)
	from, to := bound(q.From), bound(q.To)
	where := ` FROM actor_activity a WHERE a.actor_id = $1 AND ($2::timestamptz IS NULL OR a.at >= $2)
		AND ($3::timestamptz IS NULL OR a.at < $3)`
	page := Page{Actions: []Action{}}
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*)`+where, q.ActorID, from, to).Scan(&page.Total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT a.case_id, coalesce(n.tracking_number, ''), a.stream, a.revision, a.actor_id,
			a.actor_role, a.request_id, a.correlation_id, a.event_type, a.at, a.recorded_at, a.facts
			FROM (SELECT a.*`+where+` ORDER BY a.at DESC, a.stream, a.revision LIMIT $4 OFFSET $5) a
			LEFT JOIN activity_case_numbers n ON n.case_id = a.case_id
			ORDER BY a.at DESC, a.stream, a.revision`, q.ActorID, from, to, limit, max(q.Offset, 0))
		if err != nil {
			return err
		}
		page.Actions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Action])
		return err
	})
	return page, err
}

// bound is t as a query parameter: NULL when zero, meaning no bound.
func bound(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

package actoractivity

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Action is one thing an actor did.
type Action struct {
	CaseID        uuid.UUID `json:"case_id"`
	Stream        string    `json:"stream"`
	Revision      int64     `json:"revision"`
	ActorID       string    `json:"actor_id"`
	ActorRole     string    `json:"actor_role"`
	RequestID     string    `json:"request_id"`
	CorrelationID string    `json:"correlation_id"`
	EventType     string    `json:"event_type"`
	At            time.Time `json:"at"`          // when it happened
	RecordedAt    time.Time `json:"recorded_at"` // when the store recorded it
}

// Query asks for one actor's actions, newest first, a page at a time.
type Query struct {
	ActorID string
	Limit   int // 50 when zero, at most 500
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

// ByActor lists what one actor did, newest first.
func (r Reader) ByActor(ctx context.Context, q Query) (Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	var page Page
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM actor_activity WHERE actor_id = $1`, q.ActorID).Scan(&page.Total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT case_id, stream, revision, actor_id, actor_role, request_id, correlation_id,
			event_type, at, recorded_at FROM actor_activity WHERE actor_id = $1
			ORDER BY at DESC, stream, revision LIMIT $2 OFFSET $3`, q.ActorID, limit, max(q.Offset, 0))
		if err != nil {
			return err
		}
		page.Actions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Action])
		return err
	})
	return page, err
}

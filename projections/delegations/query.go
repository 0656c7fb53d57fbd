package delegations

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers delegation questions.
type Reader struct {
	Reads Reads
	Now   func() time.Time
}

// now is the reader's clock.
func (r Reader) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Query selects delegations: those from or to Department (empty: every department), those from
// or to Official (empty: anyone), only those in force now when InForce.
type Query struct {
	Department string
	Official   string
	InForce    bool
	Limit      int // 50 when zero, at most 500
	Offset     int
}

// Item is one delegation as staff read it.
type Item struct {
	ID             uuid.UUID  `json:"id"`
	From           string     `json:"from"`
	FromDepartment string     `json:"from_department"`
	To             string     `json:"to"`
	ToDepartment   string     `json:"to_department"`
	Starts         time.Time  `json:"starts"`
	Ends           time.Time  `json:"ends"`
	Reason         string     `json:"reason"`
	RecordedBy     string     `json:"recorded_by"`
	RecordedAt     time.Time  `json:"recorded_at"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
	RevokedBy      *string    `json:"revoked_by,omitempty"`
	RevokeReason   *string    `json:"revoke_reason,omitempty"`
	InForce        bool       `json:"in_force"` // begun, not ended, not revoked, at the time of the answer
	// StartsDate and EndsDate are the period as people read it: Tehran civil dates in Jalali.
	StartsDate casesummary.Moment `json:"starts_date" db:"-"`
	EndsDate   casesummary.Moment `json:"ends_date" db:"-"`
}

// moment is t as people and machines read it.
func moment(t time.Time) casesummary.Moment {
	return casesummary.Moment{UTC: t.UTC(), Jalali: jalali.Format(t, jalali.Persian)}
}

// Page is a page of delegations, latest start first.
type Page struct {
	Items []Item `json:"items"`
	Total int    `json:"total"`
}

// List answers q.
func (r Reader) List(ctx context.Context, q Query) (Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	const inForce = `(revoked_at IS NULL AND starts_at <= $4 AND ends_at > $4)`
	where := `($1 = '' OR from_department = $1 OR to_department = $1) AND ($2 = '' OR from_official = $2 OR to_official = $2)
		AND (NOT $3 OR ` + inForce + `)`
	args := []any{q.Department, q.Official, q.InForce, r.now()}
	page := Page{Items: []Item{}}
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM delegations WHERE `+where, args...).Scan(&page.Total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, from_official, from_department, to_official, to_department, starts_at, ends_at,
			reason, recorded_by, recorded_at, revoked_at, revoked_by, revoke_reason, `+inForce+`
			FROM delegations WHERE `+where+` ORDER BY starts_at DESC, id LIMIT $5 OFFSET $6`,
			append(args, min(limit, 500), max(q.Offset, 0))...)
		if err != nil {
			return err
		}
		page.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Item])
		for i := range page.Items {
			page.Items[i].StartsDate, page.Items[i].EndsDate = moment(page.Items[i].Starts), moment(page.Items[i].Ends)
		}
		return err
	})
	return page, err
}

package outbox

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Count is how many deliveries of a channel are in a state.
type Count struct {
	Channel Channel
	State   string
	N       int64
}

// Status is the notification log in figures: deliveries per channel and state, and the lag,
// the age of the oldest delivery still waiting to go (0 when none waits).
func Status(ctx context.Context, pool *pgxpool.Pool, now time.Time) (counts []Count, lag time.Duration, err error) {
	rows, err := pool.Query(ctx, "SELECT channel, state, count(*) FROM notify.deliveries GROUP BY 1, 2 ORDER BY 1, 2")
	if err != nil {
		return nil, 0, err
	}
	counts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Count, error) {
		var c Count
		return c, r.Scan(&c.Channel, &c.State, &c.N)
	})
	if err != nil {
		return nil, 0, err
	}
	var oldest *time.Time
	err = pool.QueryRow(ctx, "SELECT min(queued_at) FROM notify.deliveries WHERE state IN ('queued', 'failed')").Scan(&oldest)
	if oldest != nil {
		lag = max(now.Sub(*oldest), 0)
	}
	return counts, lag, err
}

// Retry puts dead letters back in the queue with a fresh count of attempts, due at once: all
// of them, or the one numbered seq when seq > 0. It returns how many it requeued.
func Retry(ctx context.Context, pool *pgxpool.Pool, seq int64, now time.Time) (int64, error) {
	tag, err := pool.Exec(ctx, `UPDATE notify.deliveries SET state = 'queued', attempts = 0, next_attempt_at = $2
		WHERE state = 'dead' AND ($1 = 0 OR seq = $1)`, seq, now)
	return tag.RowsAffected(), err
}

// Skip gives up on a waiting or dead delivery, which lets the case's later messages go: all
// dead letters, or the delivery numbered seq when seq > 0.
func Skip(ctx context.Context, pool *pgxpool.Pool, seq int64) (int64, error) {
	tag, err := pool.Exec(ctx, `UPDATE notify.deliveries SET state = 'skipped'
		WHERE (seq = $1 AND state IN ('queued', 'failed', 'dead')) OR ($1 = 0 AND state = 'dead')`, seq)
	return tag.RowsAffected(), err
}

// OptOut records whether the applicant of a case declines the messages the law does not
// require (out) or takes them again; legally required notices go either way. It reports
// whether the case has a recipient at all.
func OptOut(ctx context.Context, pool *pgxpool.Pool, caseID uuid.UUID, out bool) (bool, error) {
	tag, err := pool.Exec(ctx, "UPDATE notify.cases SET opted_out = $2 WHERE case_id = $1 AND mobile IS NOT NULL", caseID, out)
	return tag.RowsAffected() == 1, err
}

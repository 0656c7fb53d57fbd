package webhook

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/projections/outbox"
)

// Status is how a subscription's deliveries stand: the count in each state of the notification
// log, the oldest still waiting, the last one sent and the last error, for an operator to see
// at a glance whether the receiver keeps up.
type Status struct {
	Queued        int        `json:"queued"`
	Failed        int        `json:"failed"` // waiting to be retried
	Sent          int        `json:"sent"`
	Dead          int        `json:"dead"`
	Skipped       int        `json:"skipped"`
	OldestWaiting *time.Time `json:"oldest_waiting,omitempty"`
	LastSent      *time.Time `json:"last_sent,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
}

// statuses reads the delivery status of the subscriptions ids, or of all when none is given.
func statuses(ctx context.Context, pool *pgxpool.Pool, ids ...uuid.UUID) (map[uuid.UUID]Status, error) {
	rows, err := pool.Query(ctx, `SELECT recipient::uuid,
			count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'failed'),
			count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state = 'dead'),
			count(*) FILTER (WHERE state = 'skipped'),
			min(queued_at) FILTER (WHERE state IN ('queued', 'failed')), max(sent_at),
			coalesce((array_agg(last_error ORDER BY seq DESC) FILTER (WHERE last_error <> ''))[1], '')
		FROM notify.deliveries WHERE channel = $1 AND (cardinality($2::text[]) = 0 OR recipient = ANY ($2))
		GROUP BY recipient`, outbox.ChannelWebhook, idStrings(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uuid.UUID]Status{}
	for rows.Next() {
		var id uuid.UUID
		var s Status
		if err := rows.Scan(&id, &s.Queued, &s.Failed, &s.Sent, &s.Dead, &s.Skipped, &s.OldestWaiting, &s.LastSent, &s.LastError); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, rows.Err()
}

func idStrings(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

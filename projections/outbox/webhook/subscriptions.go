package webhook

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/outbox"
)

// secretPrefix marks a Standard Webhooks secret: "whsec_" and 24 random bytes in base64.
const secretPrefix = "whsec_"

// Subscription is another system following cases.
type Subscription struct {
	ID         uuid.UUID
	URL        string
	EventTypes []string // empty: every event type
	Services   []string // empty: every service
	Trusted    bool     // receives the personal part of events
	Created    time.Time
}

// NewSecret is a fresh signing secret.
func NewSecret() string {
	key := make([]byte, 24)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	return secretPrefix + base64.StdEncoding.EncodeToString(key)
}

// Add subscribes s (its ID is chosen here) and returns it with its secret, which only the
// subscriber keeps besides the database. Events from now on are delivered; earlier ones are
// not (replay works on what was delivered).
func Add(ctx context.Context, pool *pgxpool.Pool, s Subscription) (Subscription, string, error) {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return s, "", fmt.Errorf("webhook URL %q: want http(s)://host/path", s.URL)
	}
	s.ID, s.Created = uuid.New(), time.Now().UTC()
	secret := NewSecret()
	_, err = pool.Exec(ctx, `INSERT INTO notify.webhooks (id, url, event_types, services, trusted, secrets, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.ID, s.URL, nonNil(s.EventTypes), nonNil(s.Services), s.Trusted, []string{secret}, s.Created)
	return s, secret, err
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// List is every subscription, oldest first.
func List(ctx context.Context, pool *pgxpool.Pool) ([]Subscription, error) {
	rows, err := pool.Query(ctx, "SELECT id, url, event_types, services, trusted, created_at FROM notify.webhooks ORDER BY created_at, id")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Subscription, error) {
		var s Subscription
		return s, r.Scan(&s.ID, &s.URL, &s.EventTypes, &s.Services, &s.Trusted, &s.Created)
	})
}

// Remove ends a subscription; what was queued for it dead-letters when its turn comes.
func Remove(ctx context.Context, pool *pgxpool.Pool, id uuid.UUID) (bool, error) {
	tag, err := pool.Exec(ctx, "DELETE FROM notify.webhooks WHERE id = $1", id)
	return tag.RowsAffected() == 1, err
}

// Rotate gives a subscription a new secret and keeps the newest old one valid beside it, so
// the receiver can switch over; a second Rotate retires the old one.
func Rotate(ctx context.Context, pool *pgxpool.Pool, id uuid.UUID) (string, error) {
	secret := NewSecret()
	tag, err := pool.Exec(ctx, "UPDATE notify.webhooks SET secrets = ARRAY[$2, secrets[1]] WHERE id = $1", id, secret)
	if err == nil && tag.RowsAffected() == 0 {
		err = fmt.Errorf("no webhook %s", id)
	}
	return secret, err
}

// Replay sends a subscription again everything from position from on, in the original order,
// with the original webhook-ids; it returns how many deliveries it requeued.
func Replay(ctx context.Context, pool *pgxpool.Pool, id uuid.UUID, from eventstore.Position, now time.Time) (int64, error) {
	tag, err := pool.Exec(ctx, `UPDATE notify.deliveries SET state = 'queued', attempts = 0, next_attempt_at = $3, last_error = ''
		WHERE channel = $4 AND recipient = $1::text AND commit_pos >= $2`, id, int64(from.Commit), now, outbox.ChannelWebhook)
	return tag.RowsAffected(), err
}

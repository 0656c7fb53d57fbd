package webhook

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/outbox"
)

// secretPrefix marks a Standard Webhooks secret: "whsec_" and 24 random bytes in base64.
const secretPrefix = "whsec_"

// Subscription is another system following cases. Its secrets are not part of it: they are
// shown once, when made (Add, Rotate), and never read back.
type Subscription struct {
	ID         uuid.UUID `json:"id"`
	URL        string    `json:"url"`
	EventTypes []string  `json:"event_types"` // empty: every event type
	Services   []string  `json:"services"`    // empty: every service
	Trusted    bool      `json:"trusted"`     // receives the personal part of events
	Created    time.Time `json:"created_at"`
	// Deliveries is how its messages stand (List and Get fill it in).
	Deliveries Status `json:"deliveries"`
}

// NewSecret is a fresh signing secret.
func NewSecret() string {
	key := make([]byte, 24)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	return secretPrefix + base64.StdEncoding.EncodeToString(key)
}

// Store keeps the subscriptions in schema notify: the one implementation under both the
// command line (shafaf webhooks) and the admin API (/v1/webhooks).
type Store struct{ Pool *pgxpool.Pool }

// notFound is the error of every call naming a subscription that does not exist.
func notFound(id uuid.UUID) error { return domain.NotFound("no webhook subscription " + id.String()) }

// Add subscribes s, once Normalize accepts it (its ID is chosen here), and returns it with its
// secret, which only the subscriber keeps besides the database. Events from now on are
// delivered; earlier ones are not (replay works on what was delivered).
func (st Store) Add(ctx context.Context, s Subscription) (Subscription, string, error) {
	s, err := Normalize(s)
	if err != nil {
		return s, "", err
	}
	s.ID, s.Created = uuid.New(), time.Now().UTC().Truncate(time.Microsecond)
	secret := NewSecret()
	_, err = st.Pool.Exec(ctx, `INSERT INTO notify.webhooks (id, url, event_types, services, trusted, secrets, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.ID, s.URL, s.EventTypes, s.Services, s.Trusted, []string{secret}, s.Created)
	return s, secret, err
}

const selectSubscription = "SELECT id, url, event_types, services, trusted, created_at FROM notify.webhooks"

func scanSubscription(r pgx.CollectableRow) (Subscription, error) {
	var s Subscription
	return s, r.Scan(&s.ID, &s.URL, &s.EventTypes, &s.Services, &s.Trusted, &s.Created)
}

// List is every subscription, oldest first, with how its deliveries stand.
func (st Store) List(ctx context.Context) ([]Subscription, error) {
	rows, err := st.Pool.Query(ctx, selectSubscription+" ORDER BY created_at, id")
	if err != nil {
		return nil, err
	}
	subs, err := pgx.CollectRows(rows, scanSubscription)
	if err != nil {
		return nil, err
	}
	statuses, err := statuses(ctx, st.Pool)
	for i := range subs {
		subs[i].Deliveries = statuses[subs[i].ID]
	}
	return subs, err
}

// Get is one subscription with how its deliveries stand.
func (st Store) Get(ctx context.Context, id uuid.UUID) (Subscription, error) {
	rows, err := st.Pool.Query(ctx, selectSubscription+" WHERE id = $1", id)
	if err != nil {
		return Subscription{}, err
	}
	s, err := pgx.CollectExactlyOneRow(rows, scanSubscription)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, notFound(id)
	}
	if err != nil {
		return s, err
	}
	statuses, err := statuses(ctx, st.Pool, id)
	s.Deliveries = statuses[id]
	return s, err
}

// Patch changes some of a subscription; nil fields stay as they are.
type Patch struct {
	URL        *string   `json:"url"`
	EventTypes *[]string `json:"event_types"`
	Services   *[]string `json:"services"`
	Trusted    *bool     `json:"trusted"`
}

// Update applies p to the subscription, as Normalize accepts the result; messages already
// queued go to the new URL, and the filters apply to events planned from now on. The row is
// locked from read to write, so two admins' patches never undo each other.
func (st Store) Update(ctx context.Context, id uuid.UUID, p Patch) (Subscription, error) {
	tx, err := st.Pool.Begin(ctx)
	if err != nil {
		return Subscription{}, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows, err := tx.Query(ctx, selectSubscription+" WHERE id = $1 FOR UPDATE", id)
	if err != nil {
		return Subscription{}, err
	}
	s, err := pgx.CollectExactlyOneRow(rows, scanSubscription)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, notFound(id)
	}
	if err != nil {
		return s, err
	}
	if p.URL != nil {
		s.URL = *p.URL
	}
	if p.EventTypes != nil {
		s.EventTypes = *p.EventTypes
	}
	if p.Services != nil {
		s.Services = *p.Services
	}
	if p.Trusted != nil {
		s.Trusted = *p.Trusted
	}
	if s, err = Normalize(s); err != nil {
		return s, err
	}
	if _, err := tx.Exec(ctx, "UPDATE notify.webhooks SET url = $2, event_types = $3, services = $4, trusted = $5 WHERE id = $1",
		id, s.URL, s.EventTypes, s.Services, s.Trusted); err != nil {
		return s, err
	}
	if err := tx.Commit(ctx); err != nil {
		return s, err
	}
	return st.Get(ctx, id)
}

// Remove ends a subscription; what was queued for it dead-letters when its turn comes.
func (st Store) Remove(ctx context.Context, id uuid.UUID) error {
	tag, err := st.Pool.Exec(ctx, "DELETE FROM notify.webhooks WHERE id = $1", id)
	if err == nil && tag.RowsAffected() == 0 {
		err = notFound(id)
	}
	return err
}

// Rotate gives a subscription a new secret and keeps the newest old one valid beside it, so
// the receiver can switch over; a second Rotate retires the old one.
func (st Store) Rotate(ctx context.Context, id uuid.UUID) (string, error) {
	secret := NewSecret()
	tag, err := st.Pool.Exec(ctx, "UPDATE notify.webhooks SET secrets = ARRAY[$2, secrets[1]] WHERE id = $1", id, secret)
	if err == nil && tag.RowsAffected() == 0 {
		err = notFound(id)
	}
	return secret, err
}

// Replay sends a subscription again everything from position from on, in the original order,
// with the original webhook-ids; it returns how many deliveries it requeued.
func (st Store) Replay(ctx context.Context, id uuid.UUID, from eventstore.Position, now time.Time) (int64, error) {
	if _, err := st.Get(ctx, id); err != nil {
		return 0, err
	}
	tag, err := st.Pool.Exec(ctx, `UPDATE notify.deliveries SET state = 'queued', attempts = 0, next_attempt_at = $3, last_error = ''
		WHERE channel = $4 AND recipient = $1::text AND commit_pos >= $2`, id, int64(from.Commit), now, outbox.ChannelWebhook)
	return tag.RowsAffected(), err
}

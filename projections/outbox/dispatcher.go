package outbox

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/domain/ident"
)

// lockNamespace keys the dispatcher's advisory lock apart from the projector runtime's.
const lockNamespace = 0x6f7574 // "out"

// Config tunes a Dispatcher; a zero field takes the default in its comment.
type Config struct {
	BatchSize   int           // deliveries sent per transaction (50)
	Poll        time.Duration // wait when nothing is due (1s)
	MaxAttempts int           // attempts before a delivery is dead-lettered (30: 12 to 24 hours of retries)
	// BackoffMin and BackoffMax bound the wait before a retry (30s, 1h); each wait doubles and
	// is then cut by a random share of up to half, so failed messages do not retry in step.
	BackoffMin, BackoffMax time.Duration
	Now                    func() time.Time // the clock (time.Now); tests move it by hand
	Logger                 *zap.Logger
}

// Dispatcher sends queued deliveries through one Provider per channel.
type Dispatcher struct {
	pool      *pgxpool.Pool
	providers map[Channel]Provider
	channels  []string // those of providers: another channel's deliveries wait for a dispatcher that has one
	cfg       Config
}

// NewDispatcher sends through providers, one per channel it serves.
func NewDispatcher(pool *pgxpool.Pool, providers map[Channel]Provider, cfg Config) *Dispatcher {
	setDefault(&cfg.BatchSize, 50)
	setDefault(&cfg.Poll, time.Second)
	setDefault(&cfg.MaxAttempts, 30)
	setDefault(&cfg.BackoffMin, 30*time.Second)
	setDefault(&cfg.BackoffMax, time.Hour)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	d := &Dispatcher{pool: pool, providers: providers, cfg: cfg}
	for ch := range providers {
		d.channels = append(d.channels, string(ch))
	}
	return d
}

func setDefault[T comparable](field *T, def T) {
	var zero T
	if *field == zero {
		*field = def
	}
}

// Run sends until ctx ends. Another instance's batch in flight makes this one wait its turn.
func (d *Dispatcher) Run(ctx context.Context) error {
	for {
		n, err := d.Step(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			d.cfg.Logger.Warn("outbox: batch failed", zap.Error(err))
		}
		if n == 0 || err != nil {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(d.cfg.Poll):
			}
		}
	}
}

// delivery is a due row of notify.deliveries.
type delivery struct {
	seq      int64
	channel  Channel
	to, body string
	attempts int
	// optedOut: the applicant declined messages the law does not require, and this is one.
	optedOut bool
}

// Step sends one batch of due deliveries and records the outcomes, all in one transaction that
// holds the dispatcher's advisory lock, so two instances never send the same batch; it
// returns how many it attempted (0 also when another instance holds the lock).
func (d *Dispatcher) Step(ctx context.Context) (int, error) {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	var mine bool
	if err := tx.QueryRow(ctx, "SELECT pg_try_advisory_xact_lock($1, 0)", lockNamespace).Scan(&mine); err != nil || !mine {
		return 0, err
	}
	due, err := d.due(ctx, tx)
	if err != nil {
		return 0, err
	}
	for _, dl := range due {
		if err := d.attempt(ctx, tx, dl); err != nil {
			return 0, err
		}
	}
	return len(due), tx.Commit(ctx)
}

// due picks the oldest due deliveries, each the earliest pending one of its case, channel and
// recipient: a case's later message to someone waits until the earlier one is sent, dead or
// skipped.
func (d *Dispatcher) due(ctx context.Context, tx pgx.Tx) ([]delivery, error) {
	rows, err := tx.Query(ctx, dueSQL, d.cfg.Now(), d.cfg.BatchSize, d.channels)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (delivery, error) {
		var dl delivery
		return dl, r.Scan(&dl.seq, &dl.channel, &dl.to, &dl.body, &dl.attempts, &dl.optedOut)
	})
}

// dueSQL walks the pending deliveries in seq order (index deliveries_due), never the sent ones.
const dueSQL = `SELECT seq, channel, recipient, body, attempts,
		channel = 'sms' AND NOT legal AND coalesce(c.opted_out, false)
		FROM notify.deliveries d LEFT JOIN notify.cases c USING (case_id)
		WHERE state IN ('queued', 'failed') AND next_attempt_at <= $1 AND channel = ANY ($3)
		AND NOT EXISTS (SELECT 1 FROM notify.deliveries e WHERE e.case_id = d.case_id AND e.channel = d.channel
			AND e.recipient = d.recipient AND e.seq < d.seq AND e.state IN ('queued', 'failed'))
		ORDER BY seq LIMIT $2`

// attempt sends one delivery and records the outcome in tx.
func (d *Dispatcher) attempt(ctx context.Context, tx pgx.Tx, dl delivery) error {
	p := d.providers[dl.channel]
	if dl.optedOut { // logged as skipped, so the case file shows what was not sent and why
		_, err := tx.Exec(ctx, "UPDATE notify.deliveries SET state = 'skipped', last_error = 'opted out' WHERE seq = $1", dl.seq)
		return err
	}
	now := d.cfg.Now()
	id, sendErr := p.Send(ctx, Message{Key: dl.seq, To: dl.to, Body: dl.body})
	if sendErr == nil {
		_, err := tx.Exec(ctx, `UPDATE notify.deliveries SET state = 'sent', attempts = attempts + 1,
			provider_id = $2, sent_at = $3, last_error = '' WHERE seq = $1`, dl.seq, id, now)
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	attempts := dl.attempts + 1
	state, next := "failed", now.Add(d.backoff(attempts))
	if attempts >= d.cfg.MaxAttempts || errors.Is(sendErr, ErrPermanent) {
		state = "dead"
	}
	d.cfg.Logger.Info("outbox: delivery failed", zap.Int64("seq", dl.seq), zap.String("channel", string(dl.channel)),
		zap.String("to", ident.MaskMobile(dl.to)), zap.String("state", state), zap.Error(sendErr))
	_, err := tx.Exec(ctx, `UPDATE notify.deliveries SET state = $2, attempts = $3, next_attempt_at = $4,
		last_error = $5 WHERE seq = $1`, dl.seq, state, attempts, next, truncate(sendErr.Error(), 500))
	return err
}

// backoff is the wait after the n-th failed attempt: BackoffMin doubled n-1 times, at most
// BackoffMax, less a random share of up to half of it.
func (d *Dispatcher) backoff(n int) time.Duration {
	w := d.cfg.BackoffMin
	for i := 1; i < n && w < d.cfg.BackoffMax; i++ {
		w *= 2
	}
	w = min(w, d.cfg.BackoffMax)
	return w - time.Duration(rand.Int64N(int64(w)/2+1))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…" // a cut inside a Persian letter is dropped
}

// Package webhook delivers case events to other municipal systems, signed per the Standard
// Webhooks specification (https://www.standardwebhooks.com): headers webhook-id, webhook-timestamp
// and webhook-signature, the last "v1,<base64 HMAC-SHA256 of id.timestamp.body>" once per valid
// secret, space-separated, so a secret can be rotated with the old and the new one valid at once.
//
// Delivery is at least once: a crash after the receiver answered and before the log recorded it
// sends the message again with the same webhook-id, which receivers use to drop the duplicate.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/projections/outbox"
)

// Sender is the outbox's provider for channel webhook.
type Sender struct {
	pool *pgxpool.Pool
	http *http.Client
	now  func() time.Time
}

var _ outbox.Provider = (*Sender)(nil)

// NewSender posts with hc and stamps webhook-timestamp from now; it reads each subscription's
// URL and secrets when it sends, so a rotation or removal applies to messages already queued.
func NewSender(pool *pgxpool.Pool, hc *http.Client, now func() time.Time) *Sender {
	return &Sender{pool: pool, http: hc, now: now}
}

// Send posts m.Body to the subscription m.To names. Any answer but 2xx is retried; a removed
// subscription is a permanent failure.
func (s *Sender) Send(ctx context.Context, m outbox.Message) (string, error) {
	var url string
	var secrets []string
	err := s.pool.QueryRow(ctx, "SELECT url, secrets FROM notify.webhooks WHERE id::text = $1", m.To).Scan(&url, &secrets)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", outbox.Permanent(fmt.Errorf("webhook %s was removed", m.To))
	}
	if err != nil {
		return "", err
	}
	id, ts := MessageID(m.Key), s.now().Unix()
	sig, err := signature(secrets, id, ts, []byte(m.Body))
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader([]byte(m.Body)))
	if err != nil {
		return "", outbox.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	res, err := s.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("webhook %s: %w", m.To, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	if res.StatusCode/100 != 2 {
		return "", fmt.Errorf("webhook %s: HTTP %d", m.To, res.StatusCode)
	}
	return strconv.Itoa(res.StatusCode), nil
}

// MessageID is the webhook-id of a delivery: the same for every attempt and replay.
func MessageID(seq int64) string { return "msg_" + strconv.FormatInt(seq, 10) }

// signature is the webhook-signature header: one v1 signature per secret.
func signature(secrets []string, id string, ts int64, body []byte) (string, error) {
	sigs := make([]string, 0, len(secrets))
	for _, secret := range secrets {
		key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
		if err != nil {
			return "", fmt.Errorf("webhook secret: %w", err)
		}
		mac := hmac.New(sha256.New, key)
		fmt.Fprintf(mac, "%s.%d.", id, ts)
		mac.Write(body)
		sigs = append(sigs, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return strings.Join(sigs, " "), nil
}

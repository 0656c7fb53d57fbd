package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
	"github.com/shafaf-city/shafaf/projections/outbox/logsms"
	"github.com/shafaf-city/shafaf/projections/outbox/webhook"
)

// The notification settings (docs/notifications.md).
const (
	publicURLEnv       = "SHAFAF_PUBLIC_URL"
	smsProviderEnv     = "SHAFAF_SMS_PROVIDER"
	kavenegarKeyEnv    = "SHAFAF_KAVENEGAR_API_KEY"
	kavenegarSenderEnv = "SHAFAF_KAVENEGAR_SENDER"
	kavenegarURLEnv    = "SHAFAF_KAVENEGAR_URL"
	defaultPublicURL   = "http://localhost:8080"
)

// notifyConfig says where SMS go; the zero value sends none (the messages stay queued).
type notifyConfig struct {
	SMS                                       string // "", "off", "log" or "kavenegar"
	KavenegarURL, KavenegarKey, KavenegarFrom string
	// Dispatcher tunes the sender; tests move its clock.
	Dispatcher outbox.Config
}

func notifyFromEnv(getenv func(string) string) (notifyConfig, error) {
	cfg := notifyConfig{SMS: envOrDefault(getenv, smsProviderEnv, "log"), KavenegarKey: getenv(kavenegarKeyEnv),
		KavenegarFrom: getenv(kavenegarSenderEnv), KavenegarURL: envOrDefault(getenv, kavenegarURLEnv, kavenegar.DefaultBaseURL)}
	switch cfg.SMS {
	case "off", "log":
	case "kavenegar":
		if cfg.KavenegarKey == "" || cfg.KavenegarFrom == "" {
			return cfg, usageError(fmt.Sprintf("%s=kavenegar needs %s and %s", smsProviderEnv, kavenegarKeyEnv, kavenegarSenderEnv))
		}
	default:
		return cfg, usageError(fmt.Sprintf("%s=%q: want off, log or kavenegar", smsProviderEnv, cfg.SMS))
	}
	return cfg, nil
}

func envOrDefault(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// newDispatcher is the outbox's sender for cfg: webhooks always (they go only to subscribers),
// SMS unless they are off.
func newDispatcher(pool *pgxpool.Pool, cfg notifyConfig, log *zap.Logger) *outbox.Dispatcher {
	hc := &http.Client{Timeout: 30 * time.Second}
	providers := map[outbox.Channel]outbox.Provider{outbox.ChannelWebhook: webhook.NewSender(pool, hc, time.Now)}
	switch cfg.SMS {
	case "log":
		providers[outbox.ChannelSMS] = logsms.New(log)
	case "kavenegar":
		providers[outbox.ChannelSMS] = kavenegar.New(cfg.KavenegarURL, cfg.KavenegarKey, cfg.KavenegarFrom, hc)
	}
	dc := cfg.Dispatcher
	dc.Logger = log
	return outbox.NewDispatcher(pool, providers, dc)
}

const notificationsUsage = `usage: shafaf notifications status | retry [SEQ] | skip SEQ | skip --dead
       shafaf notifications opt-out CASE_ID | opt-in CASE_ID
opt-out stops a case's messages the law does not require (Article 100 notices still go).
A delivery that failed MaxAttempts times, or for good (an invalid number), is dead. retry puts
one (or every) dead delivery back in the queue; skip gives up on one delivery (waiting or dead)
or on every dead one, which lets the case's later messages go.`

// runNotifications operates the notification log in DATABASE_URL.
func runNotifications(ctx context.Context, args []string, stdout, _ io.Writer) error {
	dsn := os.Getenv("DATABASE_URL")
	if len(args) == 0 || dsn == "" {
		return usageError(notificationsUsage)
	}
	if (args[0] == "opt-out" || args[0] == "opt-in") && len(args) == 2 {
		return optOut(ctx, dsn, args[1], args[0] == "opt-out", stdout)
	}
	seq := int64(0)
	if len(args) == 2 && args[1] != "--dead" {
		n, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil || n <= 0 {
			return usageError(notificationsUsage)
		}
		seq = n
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	var n int64
	switch {
	case args[0] == "status" && len(args) == 1:
		return printNotifications(ctx, pool, stdout)
	case args[0] == "retry" && len(args) <= 2 && (len(args) == 1 || seq > 0):
		n, err = outbox.Retry(ctx, pool, seq, time.Now())
	case args[0] == "skip" && len(args) == 2:
		n, err = outbox.Skip(ctx, pool, seq)
	default:
		return usageError(notificationsUsage)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d deliveries\n", args[0], n)
	return nil
}

func printNotifications(ctx context.Context, pool *pgxpool.Pool, stdout io.Writer) error {
	counts, lag, err := outbox.Status(ctx, pool, time.Now())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHANNEL\tSTATE\tDELIVERIES")
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", c.Channel, c.State, c.N)
	}
	fmt.Fprintf(tw, "oldest waiting\t\t%s\n", lag.Round(time.Second))
	return tw.Flush()
}

func optOut(ctx context.Context, dsn, caseID string, out bool, stdout io.Writer) error {
	id, err := uuid.Parse(caseID)
	if err != nil {
		return usageError(notificationsUsage)
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	found, err := outbox.OptOut(ctx, pool, id, out)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("case %s has no mobile number to text", id)
	}
	fmt.Fprintf(stdout, "case %s: opted out %v\n", id, out)
	return nil
}

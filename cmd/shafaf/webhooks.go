package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/outbox/webhook"
)

const webhooksUsage = `usage: shafaf webhooks add --url URL [--events T,T] [--services S,S] [--trusted]
       shafaf webhooks list | remove ID | rotate ID | replay ID --from POSITION
add prints the subscription's id and its signing secret (Standard Webhooks, whsec_…); rotate
prints a new secret, the old one stays valid until the next rotate. list shows how each one's
deliveries stand (sent, waiting, dead). replay sends again every event from POSITION (a
payload's data.position) on, with the original webhook-ids. Admins do the same over HTTP at
/v1/webhooks (docs/notifications.md).`

// runWebhooks manages the webhook subscriptions in DATABASE_URL (docs/notifications.md).
func runWebhooks(ctx context.Context, args []string, stdout, _ io.Writer) error {
	dsn := os.Getenv("DATABASE_URL")
	if len(args) == 0 || dsn == "" {
		return usageError(webhooksUsage)
	}
	fs := flag.NewFlagSet("webhooks "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	url := fs.String("url", "", "")
	events := fs.String("events", "", "")
	services := fs.String("services", "", "")
	trusted := fs.Bool("trusted", false, "")
	from := fs.String("from", "", "")
	verb := args[0]
	rest := args[1:]
	var id uuid.UUID
	if verb == "remove" || verb == "rotate" || verb == "replay" {
		var err error
		if len(rest) == 0 {
			return usageError(webhooksUsage)
		}
		if id, err = uuid.Parse(rest[0]); err != nil {
			return usageError(webhooksUsage)
		}
		rest = rest[1:]
	}
	if err := fs.Parse(rest); err != nil || fs.NArg() > 0 {
		return usageError(webhooksUsage)
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := webhook.Store{Pool: pool}
	switch verb {
	case "add":
		sub, secret, err := store.Add(ctx, webhook.Subscription{URL: *url, EventTypes: splitList(*events),
			Services: splitList(*services), Trusted: *trusted})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "webhook %s\nsecret %s\n", sub.ID, secret)
	case "list":
		subs, err := store.List(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tURL\tEVENTS\tSERVICES\tTRUSTED\tSENT\tWAITING\tDEAD")
		for _, s := range subs {
			d := s.Deliveries
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t%d\t%d\t%d\n", s.ID, s.URL, orAll(s.EventTypes), orAll(s.Services), s.Trusted,
				d.Sent, d.Queued+d.Failed, d.Dead)
		}
		return tw.Flush()
	case "remove":
		return store.Remove(ctx, id)
	case "rotate":
		secret, err := store.Rotate(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "secret %s\n", secret)
	case "replay":
		pos, err := eventstore.ParsePosition(*from)
		if err != nil {
			return usageError(webhooksUsage)
		}
		n, err := store.Replay(ctx, id, pos, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "replay: %d deliveries queued again\n", n)
	default:
		return usageError(webhooksUsage)
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func orAll(xs []string) string {
	if len(xs) == 0 {
		return "all"
	}
	return strings.Join(xs, ",")
}

package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/outboxtest"
	"github.com/shafaf-city/shafaf/projections/outbox/webhook"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// receiver is another system's endpoint: it verifies every request with the Standard
// Webhooks library (not Shafaf's signer), refuses while down, and keeps what it accepted.
type receiver struct {
	t       *testing.T
	down    atomic.Bool
	verify  []*standardwebhooks.Webhook // each must accept every request
	mu      sync.Mutex
	got     []outbox.Payload
	ids     []string
	refused int
	dups    int // messages received again with a webhook-id already seen
}

func newReceiver(t *testing.T, secrets ...string) (*receiver, string) {
	r := &receiver{t: t}
	for _, s := range secrets {
		wh, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			t.Fatal(err)
		}
		r.verify = append(r.verify, wh)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv.URL
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down.Load() {
		r.refused++
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	for _, wh := range r.verify {
		if err := wh.Verify(body, req.Header); err != nil {
			r.t.Errorf("signature: %v", err)
		}
	}
	var p outbox.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		r.t.Errorf("payload: %v", err)
	}
	id := req.Header.Get("webhook-id")
	if slices.Contains(r.ids, id) { // at least once: a receiver drops what it has seen
		r.dups++
	} else {
		r.got = append(r.got, p)
	}
	r.ids = append(r.ids, id)
	w.WriteHeader(http.StatusNoContent)
}

// TestAReceiverThatWasDownGetsEverythingInOrder: two subscriptions, one trusted with a rotated
// secret, one not; the receiver refuses for a while, then gets every event of every case
// (internal notes aside) in case order, signed so the Standard Webhooks library accepts it,
// with personal data only in the trusted one's; a replay sends the same messages again.
func TestAReceiverThatWasDownGetsEverythingInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := rmt.MustPostgres(t, pool)
	planner, err := outbox.NewPlanner("https://shafaf.example")
	if err != nil {
		t.Fatal(err)
	}
	rt := rmt.MustRuntime(t, pool, store, planner) // creates schema notify

	public, publicURL := newReceiver(t)
	_, publicSecret, err := webhook.Store{Pool: pool}.Add(ctx, webhook.Subscription{URL: publicURL})
	if err != nil {
		t.Fatal(err)
	}
	public.verify = mustVerifiers(t, publicSecret)
	sub, oldSecret, err := webhook.Store{Pool: pool}.Add(ctx, webhook.Subscription{URL: "http://placeholder.invalid", Trusted: true})
	if err != nil {
		t.Fatal(err)
	}
	newSecret, err := webhook.Store{Pool: pool}.Rotate(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	trusted, trustedURL := newReceiver(t, oldSecret, newSecret) // both secrets valid at once
	if _, err := pool.Exec(ctx, "UPDATE notify.webhooks SET url = $2 WHERE id = $1", sub.ID, trustedURL); err != nil {
		t.Fatal(err)
	}
	public.down.Store(true)
	trusted.down.Store(true)

	hist, _, err := demo.Generate(ctx, demo.Options{Cases: 8, Seed: 9, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := hist.AppendTo(ctx, store, 2); err != nil {
		t.Fatal(err)
	}
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, planner.Name())

	clk := outboxtest.NewClock(time.Now().Add(time.Minute))
	d := outbox.NewDispatcher(pool, map[outbox.Channel]outbox.Provider{
		outbox.ChannelWebhook: webhook.NewSender(pool, http.DefaultClient, time.Now)},
		outbox.Config{BackoffMin: time.Second, BackoffMax: time.Minute, MaxAttempts: 1000, Now: clk.Now})
	for range 3 { // down for a while
		outboxtest.Drain(t, d)
		clk.Advance(time.Minute)
	}
	if public.refused == 0 || trusted.refused == 0 {
		t.Fatal("the receivers were never called while down")
	}
	public.down.Store(false)
	trusted.down.Store(false)
	// The dispatcher dies after a receiver took a message and before the log recorded it.
	crashCtx, crash := context.WithCancel(ctx)
	sender := webhook.NewSender(pool, http.DefaultClient, time.Now)
	crashing := outbox.NewDispatcher(pool, map[outbox.Channel]outbox.Provider{
		outbox.ChannelWebhook: &outboxtest.CrashAfter{Provider: sender, N: 2, Crash: crash}},
		outbox.Config{Now: clk.Now})
	if _, err := crashing.Step(crashCtx); !errors.Is(err, context.Canceled) {
		t.Fatalf("crashed batch: %v", err)
	}
	for waiting(t, pool) > 0 {
		clk.Advance(time.Minute)
		outboxtest.Drain(t, d)
	}

	want := map[string][]uint64{} // case id → revisions a subscriber may see
	for _, stream := range hist.Streams() {
		for _, rec := range hist.Stream(stream) {
			if strings.HasPrefix(stream, cases.StreamPrefix) && !internalNote(rec) {
				id := strings.TrimPrefix(stream, cases.StreamPrefix)
				want[id] = append(want[id], rec.Revision)
			}
		}
	}
	if public.dups+trusted.dups == 0 {
		t.Error("the messages of the crashed batch were not sent again")
	}
	for name, r := range map[string]*receiver{"public": public, "trusted": trusted} {
		got := map[string][]uint64{}
		for _, p := range r.got {
			got[p.Data.CaseID] = append(got[p.Data.CaseID], p.Data.Revision)
			personal := strings.Contains(string(p.Data.Event), `"personal"`)
			if p.Type == cases.TypeSubmitted && personal != (r == trusted) {
				t.Errorf("%s: personal data in a Submitted payload: %v", name, personal)
			}
		}
		for id, revs := range want {
			if !slices.Equal(got[id], revs) {
				t.Errorf("%s: case %s got revisions %v, want %v", name, id, got[id], revs)
			}
		}
	}

	t.Run("replay from a position sends the same messages again, in order", func(t *testing.T) {
		from := trusted.got[len(trusted.got)/2]
		fromID := webhookID(t, pool, sub.ID.String(), from)
		pos, err := eventstore.ParsePosition(from.Data.Position)
		if err != nil {
			t.Fatal(err)
		}
		before, dups := len(trusted.ids), trusted.dups
		n, err := webhook.Store{Pool: pool}.Replay(ctx, sub.ID, pos, clk.Now())
		if err != nil || n == 0 {
			t.Fatalf("replay: %d, %v", n, err)
		}
		outboxtest.Drain(t, d)
		again := trusted.ids[before:]
		if len(again) != int(n) || trusted.dups-dups != int(n) || !slices.Contains(again, fromID) {
			t.Fatalf("replay sent %d messages (%d seen before) for %d requeued", len(again), trusted.dups-dups, n)
		}
	})
}

func mustVerifiers(t *testing.T, secrets ...string) []*standardwebhooks.Webhook {
	var out []*standardwebhooks.Webhook
	for _, s := range secrets {
		wh, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, wh)
	}
	return out
}

func internalNote(rec eventstore.RecordedEvent) bool {
	var n cases.NoteAdded
	return rec.Type == cases.TypeNoteAdded && (json.Unmarshal(rec.Data, &n) != nil || n.Visibility != cases.NoteApplicant)
}

// waiting is how many deliveries still wait to go.
func waiting(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(),
		"SELECT count(*) FROM notify.deliveries WHERE channel = 'webhook' AND state IN ('queued', 'failed')").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// webhookID is the webhook-id the log gave the delivery of p to subscription sub.
func webhookID(t *testing.T, pool *pgxpool.Pool, sub string, p outbox.Payload) string {
	t.Helper()
	var seq int64
	if err := pool.QueryRow(context.Background(), `SELECT seq FROM notify.deliveries
		WHERE channel = 'webhook' AND recipient = $1 AND case_id = $2 AND body::jsonb #>> '{data,revision}' = $3`,
		sub, p.Data.CaseID, fmt.Sprint(p.Data.Revision)).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return webhook.MessageID(seq)
}

package outbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/outboxtest"
)

func TestOperatorsRetryAndSkipDeadLetters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := mustWorld(t, 10)
	w.sms.Refuse(411) // permanent: every case's first message is dead at once
	d := w.dispatcher(nil, outbox.Config{})
	outboxtest.Drain(t, d)
	reg := prometheus.NewRegistry()
	reg.MustRegister(outbox.NewCollector(w.pool))
	if families, err := reg.Gather(); err != nil || len(families) != 2 {
		t.Fatalf("metrics: %d families, %v", len(families), err)
	}
	counts, _, err := outbox.Status(ctx, w.pool, w.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	dead := int64(0)
	for _, c := range counts {
		if c.State == "dead" {
			dead = c.N
		}
	}
	if dead == 0 {
		t.Fatalf("no dead letters after permanent refusals: %+v", counts)
	}
	first := w.rows(t)[0]
	if n, err := outbox.Skip(ctx, w.pool, first.Seq); err != nil || n != 1 {
		t.Fatalf("skip one: %d, %v", n, err)
	}
	w.sms.Refuse(0)
	if n, err := outbox.Retry(ctx, w.pool, 0, w.clk.Now()); err != nil || n == 0 {
		t.Fatalf("retry all: %d, %v", n, err)
	}
	outboxtest.Drain(t, d)
	for _, r := range w.rows(t) {
		want := "sent"
		if r.Seq == first.Seq {
			want = "skipped"
		}
		if r.State != want {
			t.Errorf("delivery %d is %s, want %s", r.Seq, r.State, want)
		}
	}
	for _, e := range w.sms.Sent() {
		if strings.Contains(e.Message, first.Body) && e.Receptor == first.To {
			t.Errorf("the skipped message was sent")
		}
	}
}

func TestAnOptOutStopsAllButLegalNotices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := mustWorld(t, 60)
	legal := map[int64]bool{}
	rows, err := w.pool.Query(ctx, "SELECT seq, legal FROM notify.deliveries")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var seq int64
		var l bool
		if err := rows.Scan(&seq, &l); err != nil {
			t.Fatal(err)
		}
		legal[seq] = l
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, r := range w.rows(t) {
		if ok, err := outbox.OptOut(ctx, w.pool, uuid.MustParse(r.CaseID), true); err != nil || !ok {
			t.Fatalf("opt out %s: %v, %v", r.CaseID, ok, err)
		}
	}
	outboxtest.Drain(t, w.dispatcher(nil, outbox.Config{}))
	notices := 0
	for _, r := range w.rows(t) {
		want := "skipped"
		if legal[r.Seq] {
			want, notices = "sent", notices+1
		}
		if r.State != want {
			t.Errorf("delivery %d (legal %v) is %s, want %s", r.Seq, legal[r.Seq], r.State, want)
		}
	}
	if notices == 0 || len(w.sms.Sent()) != notices {
		t.Fatalf("%d legal notices, %d messages sent", notices, len(w.sms.Sent()))
	}
}

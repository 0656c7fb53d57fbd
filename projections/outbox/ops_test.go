package outbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shafaf-city/shafaf/projections/outbox"
)

func TestOperatorsRetryAndSkipDeadLetters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := mustWorld(t, 10)
	w.sms.Refuse(411) // permanent: every case's first message is dead at once
	d := w.dispatcher(nil, outbox.Config{})
	drain(t, d)
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
	drain(t, d)
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

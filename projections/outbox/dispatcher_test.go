package outbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/outboxtest"
)

func TestDispatcher(t *testing.T) {
	t.Parallel()

	t.Run("a crash mid-batch neither loses nor repeats a message", func(t *testing.T) {
		t.Parallel()
		w := mustWorld(t, 40)
		queued := w.rows(t)
		if len(queued) < 40 {
			t.Fatalf("%d deliveries queued for 40 cases, want one per submission at least", len(queued))
		}
		ctx, crash := context.WithCancel(context.Background())
		_, err := w.dispatcher(&outboxtest.CrashAfter{Provider: w.kn, N: 3, Crash: crash}, outbox.Config{BatchSize: 10}).Step(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("crashed batch: %v", err)
		}
		outboxtest.Drain(t, w.dispatcher(nil, outbox.Config{BatchSize: 10}))

		sent, got := w.sms.Sent(), w.rows(t)
		if len(sent) != len(got) {
			t.Fatalf("provider put %d messages on the air for %d deliveries", len(sent), len(got))
		}
		if w.sms.Calls() <= len(sent) {
			t.Fatalf("%d calls for %d messages: the crashed batch was not sent again", w.sms.Calls(), len(sent))
		}
		// Per recipient (one per case here), the air order is the log order.
		onAir := map[string][]string{}
		for _, e := range sent {
			onAir[e.Receptor] = append(onAir[e.Receptor], e.Message)
		}
		inLog := map[string][]string{}
		for _, r := range got {
			if r.State != "sent" || r.Attempts < 1 {
				t.Errorf("delivery %d is %s after %d attempts", r.Seq, r.State, r.Attempts)
			}
			inLog[r.To] = append(inLog[r.To], r.Body)
		}
		for to, want := range inLog {
			if strings.Join(onAir[to], "\n") != strings.Join(want, "\n") {
				t.Errorf("%s got %q, want %q", to, onAir[to], want)
			}
		}
	})

	t.Run("a refusing provider is retried after a backoff, in case order, then dead-lettered", func(t *testing.T) {
		t.Parallel()
		w := mustWorld(t, 20)
		w.sms.Refuse(418)
		d := w.dispatcher(nil, outbox.Config{MaxAttempts: 3, BackoffMin: time.Minute, BackoffMax: time.Hour})
		outboxtest.Drain(t, d)
		first, tried := map[string]int64{}, 0 // each case's earliest delivery
		for _, r := range w.rows(t) {
			if _, ok := first[r.CaseID]; !ok {
				first[r.CaseID] = r.Seq
			}
			if r.Attempts > 0 {
				tried++
				if r.State != "failed" || r.Seq != first[r.CaseID] {
					t.Errorf("delivery %d is %s after a refusal", r.Seq, r.State)
				}
			}
		}
		if tried != len(first) {
			t.Fatalf("%d deliveries tried for %d cases, want each case's first", tried, len(first))
		}
		if n, _ := d.Step(context.Background()); n != 0 {
			t.Fatalf("%d deliveries retried before their backoff", n)
		}
		w.clk.Advance(time.Hour)
		outboxtest.Drain(t, d) // second refusal
		w.clk.Advance(time.Hour)
		outboxtest.Drain(t, d) // third: dead
		for _, r := range w.rows(t) {
			if r.Seq == first[r.CaseID] && (r.State != "dead" || r.Attempts != 3) {
				t.Errorf("delivery %d is %s after %d attempts, want dead after 3", r.Seq, r.State, r.Attempts)
			}
		}
		// A dead letter does not hold up its case: the next message is retried, and sent once
		// the provider takes messages again.
		w.sms.Refuse(0)
		w.clk.Advance(time.Hour)
		outboxtest.Drain(t, d)
		for _, r := range w.rows(t) {
			if r.Seq != first[r.CaseID] && r.State != "sent" {
				t.Errorf("later delivery %d is %s", r.Seq, r.State)
			}
		}
	})
}

package outbox_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar/kavenegartest"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// notesPerCase pads each generated case with internal notes, which send nothing, so that
// about 1 % of the log's events cause a message (a case's own events send about 2.5).
const notesPerCase = 240

// BenchmarkDispatcher is the outbox's throughput from a log it has not read to the last
// message accepted by Kavenegar (the in-process one, over HTTP): planner and dispatcher
// together, as the server runs them, reported as events and messages per second.
func BenchmarkDispatcher(b *testing.B) {
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, demo.Options{Cases: 50, Seed: 5, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	for _, stream := range hist.Streams() {
		if err := padWithNotes(ctx, hist, stream); err != nil {
			b.Fatal(err)
		}
	}
	var events, messages int
	var spent time.Duration
	for b.Loop() {
		b.StopTimer()
		pool := pgtest.NewPool(b)
		store := rmt.MustPostgres(b, pool)
		if err := hist.AppendTo(ctx, store, 4); err != nil {
			b.Fatal(err)
		}
		sms := kavenegartest.Start(b)
		planner, err := outbox.NewPlanner("https://shafaf.example")
		if err != nil {
			b.Fatal(err)
		}
		rt := rmt.MustRuntime(b, pool, store, planner)
		d := outbox.NewDispatcher(pool, map[outbox.Channel]outbox.Provider{
			outbox.ChannelSMS: kavenegar.New(sms.URL, kavenegartest.Key, kavenegartest.Sender, http.DefaultClient)},
			outbox.Config{BatchSize: 200, Poll: 5 * time.Millisecond})
		b.StartTimer()
		start := time.Now()
		stop := rmt.Start(b, rt)
		runCtx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { _ = d.Run(runCtx) })
		rmt.WaitCaughtUp(b, rt, planner.Name())
		n := waitAllSent(b, pool)
		spent += time.Since(start)
		cancel()
		wg.Wait()
		stop()
		events, messages = events+hist.Events(), messages+n
		if len(sms.Sent()) != n {
			b.Fatalf("%d messages on the air for %d deliveries", len(sms.Sent()), n)
		}
	}
	b.ReportMetric(float64(events)/spent.Seconds(), "events/s")
	b.ReportMetric(float64(messages)/spent.Seconds(), "messages/s")
	b.ReportMetric(100*float64(messages)/float64(events), "%messages")
}

// padWithNotes appends notesPerCase internal notes to a case stream of hist.
func padWithNotes(ctx context.Context, hist *demo.History, stream string) error {
	if !strings.HasPrefix(stream, cases.StreamPrefix) {
		return nil
	}
	notes := make([]eventstore.EventData, notesPerCase)
	for i := range notes {
		notes[i] = eventstore.EventData{ID: uuid.New(), Type: cases.TypeNoteAdded,
			Data: fmt.Appendf(nil, `{"text":"یادداشت %d","visibility":"internal","at":"2026-11-20T12:00:00Z"}`, i)}
	}
	_, err := hist.Append(ctx, stream, eventstore.Any, notes...)
	return err
}

// waitAllSent waits until the log holds no delivery waiting to go and returns how many
// were sent.
func waitAllSent(b *testing.B, pool *pgxpool.Pool) int {
	b.Helper()
	for {
		var waiting, sent int
		err := pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE state IN ('queued', 'failed')),
			count(*) FILTER (WHERE state = 'sent') FROM notify.deliveries`).Scan(&waiting, &sent)
		if err != nil {
			b.Fatal(err)
		}
		if waiting == 0 {
			return sent
		}
		time.Sleep(time.Millisecond)
	}
}

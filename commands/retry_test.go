package commands_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// mustCases runs the case commands on a fresh PostgreSQL event store.
func mustCases(tb testing.TB) (*commands.Cases, eventstore.Store) {
	tb.Helper()
	pool, err := pgxpool.New(context.Background(), pgtest.NewDatabase(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	store := pgstoretest.Open(tb, pool)
	h, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New)
	if err != nil {
		tb.Fatal(err)
	}
	return h, store
}

var (
	clerk  = commands.Actor{ID: "clerk-7", Role: "clerk"}
	walkIn = commands.SubmitApplication{Service: "permit.renew", Channel: "walk_in", District: "3",
		Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}}
	note = cases.AddNote{Text: "called the applicant", Visibility: cases.NoteInternal}
)

func mustHistory(tb testing.TB, h *commands.Cases, id uuid.UUID) []eventstore.RecordedEvent {
	tb.Helper()
	recs, err := h.History(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

func TestRerunUnderTheSameSeed(t *testing.T) {
	h, _ := mustCases(t)
	retry := commands.WithRetrySeed(context.Background(), []byte("clerk-7 submit-1"))

	t.Run("a resubmission opens no second case", func(t *testing.T) {
		first, err := h.Submit(retry, walkIn, clerk)
		if err != nil {
			t.Fatal(err)
		}
		again, err := h.Submit(retry, walkIn, clerk)
		if err != nil {
			t.Fatal(err)
		}
		if again.CaseID != first.CaseID || again.Revision != first.Revision || again.Position != first.Position {
			t.Fatalf("rerun %+v, first %+v", again, first)
		}
		if n := len(mustHistory(t, h, first.CaseID)); n != 1 {
			t.Fatalf("%d events after a rerun, want 1", n)
		}
	})

	t.Run("a rerun after the case moved on answers the first result", func(t *testing.T) {
		opened, err := h.Submit(context.Background(), walkIn, clerk)
		if err != nil {
			t.Fatal(err)
		}
		noting := commands.WithRetrySeed(context.Background(), []byte("clerk-7 note-1"))
		at := opened.Revision
		first, err := h.Run(noting, opened.CaseID, note, clerk, &at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Run(context.Background(), opened.CaseID, note, clerk, nil); err != nil {
			t.Fatal(err)
		}
		// The stale If-Match would refuse a fresh decision: the rerun must not decide.
		again, err := h.Run(noting, opened.CaseID, note, clerk, &at)
		if err != nil {
			t.Fatalf("rerun: %v", err)
		}
		if again.Revision != first.Revision || again.Position != first.Position || len(again.Events) != 1 {
			t.Fatalf("rerun %+v, first %+v", again, first)
		}
		if n := len(mustHistory(t, h, opened.CaseID)); n != 3 {
			t.Fatalf("%d events, want submit and two notes", n)
		}
	})

	t.Run("a rerun of a hold answers the first result instead of refusing a second hold", func(t *testing.T) {
		onPlot := walkIn
		onPlot.Plot = &ident.Plot{Section: 3, Main: []int{9000}}
		opened, err := h.Submit(context.Background(), onPlot, clerk)
		if err != nil {
			t.Fatal(err)
		}
		holding := commands.WithRetrySeed(context.Background(), []byte("clerk-7 hold-1"))
		first, err := h.PlaceHold(holding, opened.CaseID, "Article 100 case open", clerk)
		if err != nil {
			t.Fatal(err)
		}
		again, err := h.PlaceHold(holding, opened.CaseID, "Article 100 case open", clerk)
		if err != nil {
			t.Fatalf("rerun: %v", err)
		}
		if again.Revision != first.Revision || again.Position != first.Position {
			t.Fatalf("rerun %+v, first %+v", again, first)
		}
	})

	t.Run("concurrent runs write one set of events", func(t *testing.T) {
		twins := commands.WithRetrySeed(context.Background(), []byte("clerk-7 submit-twins"))
		const n = 6
		results := make([]commands.Result, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { results[i], errs[i] = h.Submit(twins, walkIn, clerk) })
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("run %d: %v", i, errs[i])
			}
			if results[i].CaseID != results[0].CaseID || results[i].Position != results[0].Position {
				t.Fatalf("run %d answered %+v, run 0 %+v", i, results[i], results[0])
			}
		}
		if n := len(mustHistory(t, h, results[0].CaseID)); n != 1 {
			t.Fatalf("%d events, want 1", n)
		}
	})

	t.Run("without a seed every submission is a new case", func(t *testing.T) {
		a, errA := h.Submit(context.Background(), walkIn, clerk)
		b, errB := h.Submit(context.Background(), walkIn, clerk)
		if errA != nil || errB != nil || a.CaseID == b.CaseID {
			t.Fatalf("%v %v: %s %s", errA, errB, a.CaseID, b.CaseID)
		}
	})
}

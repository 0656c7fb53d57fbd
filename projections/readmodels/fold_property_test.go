package readmodels_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/cases/casegen"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// TestRandomHistoriesReadAsTheDomainFoldsThem drives random command sequences through the
// domain's Decide into the PostgreSQL store, runs case_summary, work_queue and dashboard over
// them, and checks that every case's rows say what folding its stream with the domain says:
// status (the queue's stage), whom it waits on, its due date and clock, whether it is open and
// whether it is overdue.
func TestRandomHistoriesReadAsTheDomainFoldsThem(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	store := rmt.MustPostgres(t, pool)
	want, end := randomCity(t, store, 150, 50)
	sum, err := casesummary.New()
	if err != nil {
		t.Fatal(err)
	}
	queue, err := workqueue.New()
	if err != nil {
		t.Fatal(err)
	}
	dash, err := dashboard.New()
	if err != nil {
		t.Fatal(err)
	}
	rt := rmt.MustRuntime(t, pool, store, sum, queue, dash)
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, casesummary.Name, workqueue.Name, dashboard.Name)

	type summary struct {
		ID                       uuid.UUID
		Status, WaitingOn        string
		Due                      time.Time
		StaffDays, ApplicantDays int
	}
	type queued struct {
		ID               uuid.UUID
		Stage, WaitingOn string
		Due              time.Time
		Open             bool
	}
	type dashed struct {
		ID                       uuid.UUID
		WaitingOn                string
		Due                      time.Time
		StaffDays, ApplicantDays int
	}
	sums := readAll[summary](t, rt, casesummary.Name, `SELECT case_id, status, waiting_on, due_at, staff_days, days_paused FROM case_summary`)
	queues := readAll[queued](t, rt, workqueue.Name, `SELECT case_id, stage, waiting_on, due_at, open FROM work_queue`)
	dashes := readAll[dashed](t, rt, dashboard.Name, `SELECT case_id, waiting_on, due_at, staff_days, applicant_days FROM dashboard_case`)
	page, err := workqueue.Reader{Reads: rt, Now: func() time.Time { return end }}.Queue(context.Background(), workqueue.Query{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	overdue := map[uuid.UUID]bool{}
	for _, it := range page.Items {
		overdue[it.CaseID] = it.Overdue
	}
	if len(sums) != len(want) || len(queues) != len(want) || len(dashes) != len(want) || page.Total > 500 {
		t.Fatalf("rows: %d case_summary, %d work_queue, %d dashboard_case; the store has %d cases", len(sums), len(queues), len(dashes), len(want))
	}
	parties := map[lifecycle.Party]int{}
	for _, s := range want {
		parties[s.WaitingOn()]++
	}
	if len(parties) != len(lifecycle.Parties) {
		t.Fatalf("the random city has cases waiting on %v only; the test would prove little", parties)
	}
	for id, s := range want {
		status, waiting, clock := string(s.Status), string(s.WaitingOn()), s.Clock
		open := s.WaitingOn() != lifecycle.Nobody
		if got, w := sums[id], (summary{id, status, waiting, s.DueAt, clock.StaffDays, clock.ApplicantDays}); !got.Due.Equal(w.Due) || got.Status != w.Status ||
			got.WaitingOn != w.WaitingOn || got.StaffDays != w.StaffDays || got.ApplicantDays != w.ApplicantDays {
			t.Errorf("case_summary of %s (%s):\n got %+v\nwant %+v", id, s.Service, got, w)
		}
		if got, w := queues[id], (queued{id, status, waiting, s.DueAt, open}); !got.Due.Equal(w.Due) || got.Stage != w.Stage ||
			got.WaitingOn != w.WaitingOn || got.Open != w.Open {
			t.Errorf("work_queue of %s (%s):\n got %+v\nwant %+v", id, s.Service, got, w)
		}
		if got, w := dashes[id], (dashed{id, waiting, s.DueAt, clock.StaffDays, clock.ApplicantDays}); !got.Due.Equal(w.Due) ||
			got.WaitingOn != w.WaitingOn || got.StaffDays != w.StaffDays || got.ApplicantDays != w.ApplicantDays {
			t.Errorf("dashboard_case of %s (%s):\n got %+v\nwant %+v", id, s.Service, got, w)
		}
		if w := open && s.Status.ClockRuns() && workdays.Overdue(s.DueAt, end); overdue[id] != w {
			t.Errorf("the queue says %s (%s, %s, due %s) is overdue=%v; the domain says %v", id, s.Service, s.Status, s.DueAt, overdue[id], w)
		}
	}
}

// readAll reads every row of a query whose first column is the case id, by case.
func readAll[R any](t *testing.T, rt *projector.Runtime, name, sql string) map[uuid.UUID]R {
	t.Helper()
	out := map[uuid.UUID]R{}
	err := rt.Read(context.Background(), name, func(tx pgx.Tx) error {
		rows, err := tx.Query(context.Background(), sql)
		if err != nil {
			return err
		}
		all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[R])
		for _, r := range all {
			out[reflect.ValueOf(r).Field(0).Interface().(uuid.UUID)] = r
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// randomCity appends n random case histories of up to steps commands each, decided by the
// domain as the commands would, and returns each case's folded state and the last instant.
func randomCity(t *testing.T, store eventstore.Store, n, steps int) (map[uuid.UUID]cases.State, time.Time) {
	t.Helper()
	rng := rand.New(rand.NewPCG(16, 8))
	sched, ok := fees.ByVersion("urmia-1404.1")
	if !ok {
		t.Fatal("no fee schedule urmia-1404.1")
	}
	walk := casegen.Walk{Rng: rng, Sched: sched}
	cat := catalogue.Default()
	services := cat.Services()
	cal := workdays.Default()
	start := time.Date(2026, 9, 1, 5, 0, 0, 0, time.UTC)
	out := map[uuid.UUID]cases.State{}
	var end time.Time
	for i := range n {
		svc := services[rng.IntN(len(services))]
		d := cases.Deps{Service: svc, Calendar: cal}
		id := uuid.NewSHA1(uuid.Nil, []byte{byte(i), byte(i >> 8)})
		at := start.Add(time.Duration(rng.IntN(60*24)) * time.Hour)
		var s cases.State
		rev := int64(-1)
		apply := func(c cases.Command) {
			evs, err := cases.Decide(s, c, d)
			if err != nil {
				return // a refusal: the walk tries anything
			}
			rev = appendEvents(t, store, id, rev, evs)
			for _, e := range evs {
				s = cases.Evolve(s, e)
			}
		}
		apply(cases.Submit{CaseID: id, Service: svc.Key, CatalogueVersion: cat.Version(), Channel: "online",
			District: catalogue.Districts[rng.IntN(len(catalogue.Districts))], Plot: &ident.Plot{Section: 3, Main: []int{72}, Sub: []int{i + 1}},
			Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}, At: at})
		for range rng.IntN(steps) {
			at = at.Add(walk.Advance())
			apply(walk.Next(svc.Flow(), s, at))
		}
		out[id] = s
		if at.After(end) {
			end = at
		}
	}
	return out, end
}

// appendEvents appends evs to the case's stream after revision rev (-1: a new stream) and
// returns the stream's last revision.
func appendEvents(t *testing.T, store eventstore.Store, id uuid.UUID, rev int64, evs []domain.Event) int64 {
	t.Helper()
	data := make([]eventstore.EventData, len(evs))
	for i, ev := range evs {
		payload, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		data[i] = eventstore.EventData{ID: uuid.New(), Type: ev.EventType(), Data: payload,
			Metadata: eventstore.Metadata{ActorID: "clerk-1", ActorRole: "clerk"}}
	}
	expected := eventstore.NoStream
	if rev >= 0 {
		expected = eventstore.Exact(uint64(rev))
	}
	res, err := store.Append(context.Background(), cases.StreamName(id), expected, data...)
	if err != nil {
		t.Fatal(err)
	}
	return int64(res.LastRevision)
}

// withDeed opens a permit case on plot 72/sub of section 3, accepts it and attaches a deed
// whose hash repeats hexPair.
func withDeed(svc catalogue.Service, id, doc uuid.UUID, at time.Time, sub int, hexPair string) []cases.Command {
	hash := strings.Repeat(hexPair, 32)
	return []cases.Command{
		cases.Submit{CaseID: id, Service: svc.Key, CatalogueVersion: catalogue.Default().Version(), Channel: "online",
			District: "3", Plot: &ident.Plot{Section: 3, Main: []int{72}, Sub: []int{sub}},
			Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}, At: at},
		cases.AcceptIntake{At: at},
		cases.AttachDocument{DocumentID: doc, Document: "deed", FileName: "deed.pdf", Size: 10, MediaType: cases.MediaPDF,
			SHA256: hash, StorageKey: "sha256/" + hash, Uploader: "3974017844", At: at},
	}
}

// runCase decides cmds one after another on case id and appends what each causes.
func runCase(t *testing.T, store eventstore.Store, d cases.Deps, id uuid.UUID, cmds ...cases.Command) cases.State {
	t.Helper()
	var s cases.State
	rev := int64(-1)
	for _, c := range cmds {
		evs, err := cases.Decide(s, c, d)
		if err != nil {
			t.Fatalf("%T: %v", c, err)
		}
		rev = appendEvents(t, store, id, rev, evs)
		for _, e := range evs {
			s = cases.Evolve(s, e)
		}
	}
	return s
}

// TestTheQueueStageIsTheStatusNotTheLastEvent: reading a file or adding a note leaves a case
// where it stands; wave 1 showed DocumentDownloaded or NoteAdded as its stage.
func TestTheQueueStageIsTheStatusNotTheLastEvent(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	store := rmt.MustPostgres(t, pool)
	svc, _ := catalogue.Default().Service("permit.new")
	d := cases.Deps{Service: svc, Calendar: workdays.Default()}
	id, doc, at := uuid.New(), uuid.New(), time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
	runCase(t, store, d, id, append(withDeed(svc, id, doc, at, 1, "ab"),
		cases.RecordDownload{DocumentID: doc, At: at},
		cases.AddNote{Text: "called the applicant", Visibility: cases.NoteInternal, At: at})...)
	queue, err := workqueue.New()
	if err != nil {
		t.Fatal(err)
	}
	rt := rmt.MustRuntime(t, pool, store, queue)
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, workqueue.Name)
	page, err := workqueue.Reader{Reads: rt}.Queue(context.Background(), workqueue.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Stage != string(cases.StatusInReview) {
		t.Fatalf("queue %+v, want the case at stage in_review", page.Items)
	}
}

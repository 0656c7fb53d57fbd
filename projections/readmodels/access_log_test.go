package readmodels_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/actoractivity"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// TestAReadIsAnActionNotACaseEvent: a download logged in the case's access stream is in the
// auditors' actor_activity under its case, and the case read models never see it.
func TestAReadIsAnActionNotACaseEvent(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	store := rmt.MustPostgres(t, pool)
	svc, _ := catalogue.Default().Service("permit.new")
	d := cases.Deps{Service: svc, Calendar: workdays.Default()}
	id, doc, at := uuid.New(), uuid.New(), time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
	s := runCase(t, store, d, id, withDeed(svc, id, doc, at, 2, "cd")...)
	read, err := cases.Decide(s, cases.RecordDownload{DocumentID: doc, At: at.Add(time.Hour)}, d)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(read[0])
	if _, err := store.Append(context.Background(), cases.AccessStreamName(id), eventstore.Any, eventstore.EventData{
		ID: uuid.New(), Type: read[0].EventType(), Data: payload,
		Metadata: eventstore.Metadata{ActorID: "audit-1", ActorRole: "auditor"}}); err != nil {
		t.Fatal(err)
	}

	queue, err := workqueue.New()
	if err != nil {
		t.Fatal(err)
	}
	activity, err := actoractivity.New()
	if err != nil {
		t.Fatal(err)
	}
	rt := rmt.MustRuntime(t, pool, store, queue, activity)
	rmt.Start(t, rt)
	rmt.WaitCaughtUp(t, rt, workqueue.Name)
	rmt.WaitCaughtUp(t, rt, actoractivity.Name)
	page, err := actoractivity.Reader{Reads: rt}.ByActor(context.Background(), actoractivity.Query{ActorID: "audit-1"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Actions[0].CaseID != id || page.Actions[0].EventType != cases.TypeDocumentDownloaded ||
		page.Actions[0].Stream != cases.AccessStreamName(id) || !page.Actions[0].At.Equal(at.Add(time.Hour)) {
		t.Fatalf("the auditor's activity is %+v, want the read of case %s", page.Actions, id)
	}
	if facts := page.Actions[0].Facts; len(facts) != 3 || facts[0].Key != "document" || facts[2].Key != "sha256" || facts[2].Text == "" {
		t.Fatalf("the read states %+v, want the document, its id and its hash", facts)
	}
	for _, q := range []actoractivity.Query{{ActorID: "audit-1", From: at.Add(2 * time.Hour)}, {ActorID: "audit-1", To: at.Add(time.Hour)}} {
		if outside, err := (actoractivity.Reader{Reads: rt}).ByActor(context.Background(), q); err != nil || outside.Total != 0 || len(outside.Actions) != 0 {
			t.Fatalf("activity from %v to %v: %+v, %v; want none", q.From, q.To, outside, err)
		}
	}
	q, err := workqueue.Reader{Reads: rt}.Queue(context.Background(), workqueue.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Items) != 1 || q.Items[0].Stage != string(cases.StatusInReview) {
		t.Fatalf("queue %+v, want the one case at stage in_review", q.Items)
	}
}

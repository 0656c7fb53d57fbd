package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
	"github.com/shafaf-city/shafaf/httpapi/idempotency"
)

// clusterAck is one command the city acknowledged with a 2xx.
type clusterAck struct {
	key    string
	result commandResult
}

// clusterLedger is what clerks were told: every acknowledged command, by key, and how many
// answers told them to try again.
type clusterLedger struct {
	mu      sync.Mutex
	acks    map[string]commandResult
	retried int
}

func (l *clusterLedger) record(a clusterAck) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acks[a.key] = a.result
}

// sendUntilAcked posts body under key until the city acknowledges it, as a client that never
// gives up on a command does: the same Idempotency-Key after a 5xx or a key still in progress.
// The key is also the X-Request-ID, which every event of the command carries.
func (l *clusterLedger) sendUntilAcked(c client, path, key string, body any) (clusterAck, error) {
	for range 20 {
		r := c.post(path, body, "Idempotency-Key", key, "X-Request-ID", key)
		switch {
		case r.status >= 500, r.status == http.StatusConflict && strings.Contains(string(r.body), idempotency.RuleInProgress):
			l.mu.Lock()
			l.retried++
			l.mu.Unlock()
			continue
		case r.status >= 300:
			return clusterAck{}, fmt.Errorf("%s %s: %d %s", path, key, r.status, r.body)
		}
		a := clusterAck{key: key}
		r.json(c.tb, &a.result)
		return a, nil
	}
	return clusterAck{}, fmt.Errorf("%s %s: not acknowledged after 20 attempts", path, key)
}

// A city on a secure three-node cluster, as production runs it, with a user of its own: clerks
// send commands from several goroutines while the leader dies answering a write and, later,
// the next leader dies too and the survivors take a while to elect another. Every
// acknowledged command's events are in the store exactly once, nothing else is, and the read
// models show every case at its last revision.
func TestACityOnASecureClusterSurvivesLeaderChanges(t *testing.T) {
	cluster := esdbtest.StartSecureCluster(t)
	cluster.AddUser("shafaf", "s3cret")
	grantSystemRead(t, esdbtest.Connect(t, cluster.URL()), `["$admins", "shafaf"]`)
	app := MustOpenApp(t, cluster.URLFor("shafaf", "s3cret", cluster.CAFile()))

	const clerks, casesEach = 4, 5
	ledger := &clusterLedger{acks: map[string]commandResult{}}
	acked := make(chan struct{}, clerks*casesEach*3)
	var wg sync.WaitGroup
	for n := range clerks {
		clerk := client{tb: t, base: app.URL(), actor: fmt.Sprintf("clerk:clerk-%d", n)}
		wg.Go(func() {
			for i := range casesEach {
				key := fmt.Sprintf("clerk-%d-case-%d", n, i)
				opened, err := ledger.sendUntilAcked(clerk, "/v1/cases", key+"-submit", walkIn)
				if err != nil {
					t.Error(err)
					return
				}
				ledger.record(opened)
				acked <- struct{}{}
				path := "/v1/cases/" + opened.result.CaseID
				for _, cmd := range []struct {
					path string
					body any
				}{
					{path + "/notes", map[string]any{"text": "called the applicant", "visibility": "internal"}},
					{path + "/accept", map[string]any{"note": "file complete"}},
				} {
					a, err := ledger.sendUntilAcked(clerk, cmd.path, key+cmd.path[strings.LastIndex(cmd.path, "/"):], cmd.body)
					if err != nil {
						t.Error(err)
						return
					}
					ledger.record(a)
					acked <- struct{}{}
				}
			}
		})
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	first, total := cluster.Leader(), clerks*casesEach*3
	for n := 1; n <= total*2/3; n++ {
		select {
		case <-acked:
		case <-finished: // clerks that fail stop early
		}
		switch n {
		case total / 3:
			cluster.KillLeaderAfterNextWrite()
		case total * 2 / 3: // the first leader is back as a follower: two nodes stay up
			if err := first.Restart(); err != nil {
				t.Fatal(err)
			}
			if cluster.KillLeaderWithElection(4) == first {
				t.Fatal("the first leader never died answering a write")
			}
		}
	}
	<-finished
	if t.Failed() {
		return
	}
	t.Logf("%d commands acknowledged; %d answers asked to retry", len(ledger.acks), ledger.retried)

	t.Run("every acknowledged command's events are stored once and nothing else is", func(t *testing.T) {
		stored, err := app.store.ReadAll(context.Background(), eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string][]eventstore.RecordedEvent{}
		for _, e := range stored {
			byKey[e.Metadata.RequestID] = append(byKey[e.Metadata.RequestID], e)
		}
		if len(ledger.acks) != total {
			t.Fatalf("%d commands acknowledged, want %d", len(ledger.acks), total)
		}
		for key, res := range ledger.acks {
			evs := byKey[key]
			delete(byKey, key)
			var types []string
			for i, e := range evs {
				types = append(types, e.Type)
				if e.Stream != cases.StreamPrefix+res.CaseID || e.Revision != res.Revision+1-uint64(len(evs)-i) {
					t.Errorf("%s: event %s at %s@%d, answered %s up to revision %d", key, e.Type, e.Stream, e.Revision, res.CaseID, res.Revision)
				}
			}
			if !slices.Equal(types, res.Events) {
				t.Errorf("%s: the store holds %v, the clerk was answered %v", key, types, res.Events)
			}
		}
		for key, evs := range byKey {
			t.Errorf("events of a command nobody was answered for: %q %d", key, len(evs))
		}
	})

	t.Run("the city is ready on the new leader", func(t *testing.T) {
		wantStatus(t, client{tb: t, base: app.URL()}.get("/readyz"), http.StatusOK)
	})

	t.Run("the read models show every case at its last revision", func(t *testing.T) {
		clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-0"}
		last := map[string]commandResult{}
		for _, res := range ledger.acks {
			if res.Revision >= last[res.CaseID].Revision {
				last[res.CaseID] = res
			}
		}
		for id, res := range last {
			var got struct {
				Status   string `json:"status"`
				Revision uint64 `json:"revision"`
			}
			r := clerk.get("/v1/cases/" + id + "?after=" + res.Position)
			wantStatus(t, r, http.StatusOK)
			r.json(t, &got)
			if got.Revision != 2 || got.Status == "" {
				t.Errorf("case %s in the read model: %s, want revision 2", id, r.body)
			}
		}
	})
}

// grantSystemRead writes the default access control lists as the admin: readers may read
// system streams, $all among them; user streams keep their defaults.
func grantSystemRead(t *testing.T, admin *es.Client, readers string) {
	t.Helper()
	_, err := admin.AppendToStream(context.Background(), "$settings", es.AppendToStreamOptions{}, es.EventData{
		EventID: uuid.New(), EventType: "update-default-acl", ContentType: es.ContentTypeJson,
		Data: []byte(`{"$systemStreamAcl": {"$r": ` + readers + `}}`)})
	if err != nil {
		t.Fatal(err)
	}
}

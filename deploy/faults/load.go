package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shafaf-city/shafaf/httpapi/idempotency"
)

// retryGap is the pause between attempts of one command; a real client backs off the same way.
const retryGap = 100 * time.Millisecond

// load is a client that never gives up on a command it started: it retries with the same
// Idempotency-Key after a network error, a 5xx or a 409 for a key still in progress, and
// records every acknowledgement in the ledger.
type load struct {
	urls   []string // replicas; an attempt that fails moves on to the next
	token  string   // a clerk of district 1
	prefix string   // makes keys unique across scenarios
	ledger *ledger
	seq    atomic.Int64
	next   atomic.Int64 // round-robin over urls
	client *http.Client
}

func newLoad(urls []string, token, prefix string, l *ledger) *load {
	// A short timeout: a request stuck on a dead database is abandoned and retried, as a
	// client in front of a load balancer would.
	return &load{urls: urls, token: token, prefix: prefix, ledger: l, client: &http.Client{Timeout: 10 * time.Second}}
}

// command is one request of the load.
type command struct {
	kind string
	path string
	body any
}

var walkIn = map[string]any{"service": "permit.renew", "channel": "walk_in", "district": "1",
	"applicant": map[string]any{"name": "Fault Suite", "national_id": "3974017844"}}

func submitCase() command { return command{kind: "submit", path: "/v1/cases", body: walkIn} }

func addNote(caseID string) command {
	return command{kind: "note", path: "/v1/cases/" + caseID + "/notes",
		body: map[string]any{"text": "called the applicant", "visibility": "internal"}}
}

func acceptIntake(caseID string) command {
	return command{kind: "accept", path: "/v1/cases/" + caseID + "/accept", body: map[string]any{"note": "complete"}}
}

// run drives workers until ctx ends; each worker then finishes its command in flight, retrying
// for up to drainFor. Each worker owns the cases it opened, so its commands never race.
func (l *load) run(ctx context.Context, drainFor time.Duration, workers int) {
	drain, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(drainFor, cancel) })
	defer stop()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { l.worker(ctx, drain) })
	}
	wg.Wait()
}

func (l *load) worker(ctx, drain context.Context) {
	var submitted, accepted []string
	for ctx.Err() == nil {
		var cmd command
		switch p := rand.IntN(10); {
		case p < 4 || len(submitted)+len(accepted) == 0:
			cmd = submitCase()
		case p < 8 || len(submitted) == 0:
			mine := append(submitted[:len(submitted):len(submitted)], accepted...)
			cmd = addNote(mine[rand.IntN(len(mine))])
		default:
			id := submitted[len(submitted)-1]
			submitted = submitted[:len(submitted)-1]
			accepted = append(accepted, id)
			cmd = acceptIntake(id)
		}
		a, ok := l.send(drain, cmd)
		if ok && cmd.kind == "submit" {
			submitted = append(submitted, a.caseID)
		}
	}
}

// send runs cmd under a fresh key until it is acknowledged, refused, or drain ends.
func (l *load) send(drain context.Context, cmd command) (ack, bool) {
	key := fmt.Sprintf("%s-%d", l.prefix, l.seq.Add(1))
	l.ledger.issue(key, cmd.kind)
	return l.sendKeyed(drain, key, cmd)
}

// sendKeyed runs cmd under key until it is acknowledged, refused, or ctx ends.
func (l *load) sendKeyed(ctx context.Context, key string, cmd command) (ack, bool) {
	body, err := json.Marshal(cmd.body)
	if err != nil {
		panic(err) // the commands above are plain maps
	}
	for ctx.Err() == nil {
		url := l.urls[int(l.next.Add(1))%len(l.urls)]
		sent := time.Now()
		status, answer, err := l.post(ctx, url+cmd.path, key, body)
		switch {
		case err != nil, status >= 500, status == http.StatusConflict && strings.Contains(string(answer), idempotency.RuleInProgress):
			time.Sleep(retryGap)
			continue
		case status >= 300:
			l.ledger.refuse(key, fmt.Sprintf("%s %s: %d %.300s", cmd.kind, key, status, answer))
			return ack{}, false
		}
		var res struct {
			CaseID   string   `json:"case_id"`
			Revision uint64   `json:"revision"`
			Events   []string `json:"events"`
		}
		if err := json.Unmarshal(answer, &res); err != nil {
			l.ledger.refuse(key, fmt.Sprintf("%s %s: %d with an unreadable body %.300s", cmd.kind, key, status, answer))
			return ack{}, false
		}
		a := ack{key: key, kind: cmd.kind, caseID: res.CaseID, revision: res.Revision, events: res.Events, sentAt: sent, at: time.Now()}
		l.ledger.acknowledge(a)
		return a, true
	}
	return ack{}, false
}

// post sends one attempt. The key doubles as X-Request-ID, which the server stamps on every
// event the command appends: that is how the checker finds each command's events in the store.
func (l *load) post(ctx context.Context, url, key string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+l.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(idempotency.Header, key)
	req.Header.Set("X-Request-ID", key)
	res, err := l.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(res.Body)
	return res.StatusCode, answer, err
}

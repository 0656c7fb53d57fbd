package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// traffic is the API mix: 70 % queries (case detail, filtered lists, timelines, a work queue)
// and 30 % commands (walk-in submissions and notes on open cases) by staff of district 1.
type traffic struct {
	base           string
	auditor, clerk string // bearer tokens
	caseIDs        []string
	mu             sync.Mutex
	recent         []string // cases this run opened, for notes
	seqs           int
}

// department is where the load's clerk works; the demo city's district 1.
const department = "district-1"

func newTraffic(ctx context.Context, s *server) (*traffic, error) {
	t := &traffic{base: s.url}
	var err error
	if t.auditor, err = s.token("auditor", "loadgen-auditor", ""); err == nil {
		t.clerk, err = s.token("clerk", "loadgen-clerk", department)
	}
	if err != nil {
		return nil, err
	}
	// A sample of case ids from several corners of the city, for detail and timeline queries.
	for _, q := range []string{"sort=-submitted_at", "sort=submitted_at", "sort=due_at", "sort=-decided_at", "district=5", "district=9"} {
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if err := t.call(ctx, http.MethodGet, "/v1/cases?limit=500&"+q, t.auditor, nil, http.StatusOK, &page); err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			t.caseIDs = append(t.caseIDs, c.ID)
		}
	}
	if len(t.caseIDs) == 0 {
		return nil, errors.New("the server lists no cases: seed it first")
	}
	return t, nil
}

// kind is what a request of the mix was: its class (query or command) and its route.
type kind struct{ class, route string }

var (
	caseDetail = kind{"query", "GET /v1/cases/{id}"}
	caseList   = kind{"query", "GET /v1/cases?district&status"}
	timeline   = kind{"query", "GET /v1/cases/{id}/timeline"}
	workQueue  = kind{"query", "GET /v1/me/queue"}
	submission = kind{"command", "POST /v1/cases"}
	note       = kind{"command", "POST /v1/cases/{id}/notes"}
)

// next sends one request of the mix and says what it was.
func (t *traffic) next(ctx context.Context) (kind, error) {
	id := t.caseIDs[rand.IntN(len(t.caseIDs))]
	switch p := rand.IntN(100); {
	case p < 30:
		return caseDetail, t.call(ctx, http.MethodGet, "/v1/cases/"+id, t.auditor, nil, http.StatusOK, nil)
	case p < 50:
		q := url.Values{"district": {strconv.Itoa(1 + rand.IntN(10))}, "status": {"in_review,submitted"}, "limit": {"20"}}
		return caseList, t.call(ctx, http.MethodGet, "/v1/cases?"+q.Encode(), t.auditor, nil, http.StatusOK, nil)
	case p < 60:
		return timeline, t.call(ctx, http.MethodGet, "/v1/cases/"+id+"/timeline", t.auditor, nil, http.StatusOK, nil)
	case p < 70:
		return workQueue, t.call(ctx, http.MethodGet, "/v1/me/queue", t.clerk, nil, http.StatusOK, nil)
	case p < 85:
		return submission, t.submit(ctx)
	}
	target := t.recentCase()
	if target == "" {
		return submission, t.submit(ctx)
	}
	return note, t.call(ctx, http.MethodPost, "/v1/cases/"+target+"/notes", t.clerk,
		map[string]any{"text": "called the applicant", "visibility": "internal"}, http.StatusOK, nil)
}

func (t *traffic) submit(ctx context.Context) error {
	t.mu.Lock()
	t.seqs++
	key := "loadgen-" + strconv.Itoa(t.seqs)
	t.mu.Unlock()
	var res struct {
		CaseID string `json:"case_id"`
	}
	err := t.call(ctx, http.MethodPost, "/v1/cases", t.clerk, map[string]any{
		"service": "permit.renew", "channel": "walk_in", "district": "1",
		"applicant": map[string]any{"name": "Load Test", "national_id": "3974017844"},
	}, http.StatusCreated, &res, "Idempotency-Key", key)
	if err == nil {
		t.mu.Lock()
		t.recent = append(t.recent, res.CaseID)
		if len(t.recent) > 1000 {
			t.recent = t.recent[len(t.recent)-1000:]
		}
		t.mu.Unlock()
	}
	return err
}

func (t *traffic) recentCase() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.recent) == 0 {
		return ""
	}
	return t.recent[rand.IntN(len(t.recent))]
}

// call sends one API request and decodes the answer into dst when given.
func (t *traffic) call(ctx context.Context, method, path, token string, body any, status int, dst any, headers ...string) error {
	var rdr *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rdr = bytes.NewReader(b)
	} else {
		rdr = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, t.base+path, rdr)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	var buf bytes.Buffer
	if err := expect(req, status, &buf); err != nil {
		return fmt.Errorf("%w: %.200s", err, buf.String())
	}
	if dst != nil {
		return json.Unmarshal(buf.Bytes(), dst)
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testIssuer signs the tokens of every test client; every test App trusts it.
var testIssuer = auth.NewDevIssuer()

// testAppConfig is the wiring of a test App on dsn: a free port, tokens from testIssuer.
func testAppConfig(dsn string) appConfig {
	return appConfig{DatabaseURL: dsn, Addr: "127.0.0.1:0", Auth: testIssuer.Config(), Logger: zap.NewNop()}
}

// MustOpenApp runs the real wiring on a fresh database and a free port, with the PostgreSQL
// event store or, given its URL, another one.
func MustOpenApp(tb testing.TB, eventStoreURL ...string) *App {
	tb.Helper()
	return mustOpenAppOn(tb, pgtest.NewDatabase(tb), eventStoreURL...)
}

// mustOpenAppWith runs the real wiring on a fresh database and a free port, with the test
// configuration changed by change.
func mustOpenAppWith(tb testing.TB, change func(*appConfig)) *App {
	tb.Helper()
	return openTestApp(tb, pgtest.NewDatabase(tb), change)
}

// mustOpenAppOn runs the real wiring on the database at dsn, which other Apps may share (one
// more replica, or the same service after a restart).
func mustOpenAppOn(tb testing.TB, dsn string, eventStoreURL ...string) *App {
	tb.Helper()
	return openTestApp(tb, dsn, func(cfg *appConfig) {
		if len(eventStoreURL) > 0 {
			cfg.EventStoreURL = eventStoreURL[0]
		}
	})
}

// openTestApp runs the real wiring on dsn and a free port, with the test configuration
// changed by change.
func openTestApp(tb testing.TB, dsn string, change func(*appConfig)) *App {
	tb.Helper()
	cfg := testAppConfig(dsn)
	cfg.Documents.Blobs = filepath.Join(tb.TempDir(), "documents") // uploaded files stay inside the test
	change(&cfg)
	app, err := openApp(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("open app: %v", err)
	}
	tb.Cleanup(app.Close)
	return app
}

// MustOpenAppWithClock is MustOpenApp whose commands read the time from clock, for cases
// whose legal dates lie weeks back: they are submitted in the clock's past.
func MustOpenAppWithClock(tb testing.TB, clock *testClock) *App {
	tb.Helper()
	return mustOpenAppWith(tb, func(cfg *appConfig) { cfg.Now = clock.Now })
}

// testClock is the real time moved by an offset a test sets.
type testClock struct{ offset atomic.Int64 }

// Now is the real time plus the offset.
func (c *testClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Set moves the clock to the real time plus d.
func (c *testClock) Set(d time.Duration) { c.offset.Store(int64(d)) }

// client sends requests to one App as one actor: "role:id" sends a bearer token for that
// role and subject, staff of testDepartment unless "role:id@department" names another; an
// applicant whose id is a national ID carries it. No actor sends no token.
type client struct {
	tb    testing.TB
	base  string
	actor string
}

// testDepartment is where test staff work: the department of district 3's cases.
const testDepartment = "district-3"

// token mints the bearer token of c.actor.
func (c client) token() string {
	c.tb.Helper()
	who, department, named := strings.Cut(c.actor, "@")
	role, sub, _ := strings.Cut(who, ":")
	if !named {
		department = testDepartment
	}
	nid := ""
	if role == string(access.Applicant) {
		if _, err := ident.ParseNationalID(sub); err == nil {
			department, nid = "", sub
		}
	}
	token, err := testIssuer.Token(role, sub, department, nid, time.Hour)
	if err != nil {
		c.tb.Fatalf("token for %q: %v", c.actor, err)
	}
	return token
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(tb testing.TB, dst any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, dst); err != nil {
		tb.Fatalf("decode %s: %v", r.body, err)
	}
}

func (c client) do(method, path, contentType string, body []byte, headers ...string) response {
	c.tb.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.actor != "" {
		req.Header.Set("Authorization", "Bearer "+c.token())
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	checkContract(c.tb, req, body, res.StatusCode, res.Header, b) // every end-to-end request and response must match the OpenAPI document
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func (c client) post(path string, body any, headers ...string) response {
	c.tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return c.do(http.MethodPost, path, "application/json", b, headers...)
}

func (c client) get(path string) response {
	c.tb.Helper()
	return c.do(http.MethodGet, path, "", nil)
}

func wantStatus(tb testing.TB, r response, status int) {
	tb.Helper()
	if r.status != status {
		tb.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
}

func wantProblem(tb testing.TB, r response, status int, code string) {
	tb.Helper()
	wantStatus(tb, r, status)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		tb.Fatalf("content type %q, want application/problem+json", ct)
	}
	var p struct {
		Code   string `json:"code"`
		Status int    `json:"status"`
	}
	r.json(tb, &p)
	if p.Code != code || p.Status != status {
		tb.Fatalf("problem %s, want code %q", r.body, code)
	}
}

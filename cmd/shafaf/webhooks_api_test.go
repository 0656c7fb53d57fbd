package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// sendJSON sends body as JSON with any method.
func (c client) sendJSON(method, path string, body any) response {
	c.tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return c.do(method, path, "application/json", b)
}

// signedBodies is a receiver that keeps the bodies whose signature verifies with every one of
// the secrets it is told to expect, by the Standard Webhooks library.
type signedBodies struct {
	mu      sync.Mutex
	secrets []string
	bodies  []string
	bad     []string
}

func (s *signedBodies) expect(secrets ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets = secrets
}

func (s *signedBodies) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, secret := range s.secrets {
		wh, err := standardwebhooks.NewWebhook(secret)
		if err == nil {
			err = wh.Verify(body, r.Header)
		}
		if err != nil {
			s.bad = append(s.bad, err.Error())
		}
	}
	s.bodies = append(s.bodies, string(body))
}

func (s *signedBodies) got() (bodies, bad []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...), append([]string(nil), s.bad...)
}

// subscriptionView is a subscription as the admin API shows it.
type subscriptionView struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	EventTypes []string `json:"event_types"`
	Services   []string `json:"services"`
	Trusted    bool     `json:"trusted"`
	Deliveries struct {
		Sent, Queued, Failed, Dead int
	} `json:"deliveries"`
}

// The admin API manages the same subscriptions as `shafaf webhooks`: one made over HTTP
// receives signed events with the secret shown once at its creation, rotates to a second
// secret with both valid, replays from a position, reports its deliveries, and goes.
func TestWebhookAdminAPI(t *testing.T) {
	app := MustOpenApp(t)
	admin := client{tb: t, base: app.URL(), actor: "admin:admin-1"}
	recv := &signedBodies{}
	srv := httptest.NewServer(recv)
	t.Cleanup(srv.Close)

	t.Run("refuses what it cannot deliver, naming the field", func(t *testing.T) {
		for _, body := range []map[string]any{
			{"url": "ftp://gis.city.example/hooks"},
			{"url": "https://user:pass@gis.city.example/hooks"},
			{"url": srv.URL, "event_types": []string{"case.Approved.v1"}},
			{"url": srv.URL, "services": []string{"permit.flying_car"}},
			{"url": srv.URL, "secret": "whsec_mine"},
		} {
			wantProblem(t, admin.post("/v1/webhooks", body), http.StatusBadRequest, "invalid")
		}
	})

	r := admin.post("/v1/webhooks", map[string]any{"url": " " + srv.URL + " ", "event_types": []string{"case.Submitted.v1", "case.Submitted.v1"}})
	wantStatus(t, r, http.StatusCreated)
	var created struct {
		Subscription subscriptionView `json:"subscription"`
		Secret       string           `json:"secret"`
	}
	r.json(t, &created)
	sub := created.Subscription
	if !strings.HasPrefix(created.Secret, "whsec_") || sub.URL != srv.URL || len(sub.EventTypes) != 1 ||
		r.header.Get("Location") != "/v1/webhooks/"+sub.ID || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("created %s (Location %q)", r.body, r.header.Get("Location"))
	}
	recv.expect(created.Secret)
	for _, path := range []string{"/v1/webhooks", "/v1/webhooks/" + sub.ID} {
		if r := admin.get(path); r.status != http.StatusOK || strings.Contains(string(r.body), "whsec_") || !strings.Contains(string(r.body), sub.ID) {
			t.Fatalf("GET %s: %d %s; want the subscription without its secret", path, r.status, r.body)
		}
	}

	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	mustSubmit(t, applicant, permitSubmission)
	waitDeliveries(t, admin, sub.ID, 1)

	r = admin.post("/v1/webhooks/"+sub.ID+"/rotate-secret", map[string]any{})
	wantStatus(t, r, http.StatusOK)
	var rotated struct{ Secret string }
	if r.json(t, &rotated); !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Secret == created.Secret {
		t.Fatalf("rotate: %s", r.body)
	}
	recv.expect(created.Secret, rotated.Secret) // both sign every message until the next rotation
	mustSubmit(t, applicant, permitSubmission)
	waitDeliveries(t, admin, sub.ID, 2)

	bodies, bad := recv.got()
	if len(bad) > 0 || len(bodies) != 2 {
		t.Fatalf("%d bodies, signature failures %v", len(bodies), bad)
	}
	var first struct{ Data struct{ Position string } }
	if err := json.Unmarshal([]byte(bodies[0]), &first); err != nil || first.Data.Position == "" {
		t.Fatalf("payload %s: %v", bodies[0], err)
	}
	wantProblem(t, admin.post("/v1/webhooks/"+sub.ID+"/replay", map[string]any{"from": "yesterday"}), http.StatusBadRequest, "invalid")
	r = admin.post("/v1/webhooks/"+sub.ID+"/replay", map[string]any{"from": first.Data.Position})
	var replayed struct{ Requeued int }
	wantStatus(t, r, http.StatusOK)
	if r.json(t, &replayed); replayed.Requeued != 2 {
		t.Fatalf("replay: %s", r.body)
	}
	waitBodies(t, recv, 4)
	if bodies, _ := recv.got(); bodies[2] != bodies[0] || bodies[3] != bodies[1] {
		t.Fatalf("the replay sent other bodies or another order:\n%s", strings.Join(bodies, "\n"))
	}

	r = admin.sendJSON(http.MethodPatch, "/v1/webhooks/"+sub.ID, map[string]any{"event_types": []string{}, "trusted": true})
	var patched subscriptionView
	wantStatus(t, r, http.StatusOK)
	if r.json(t, &patched); len(patched.EventTypes) != 0 || !patched.Trusted || patched.URL != srv.URL {
		t.Fatalf("patch: %s", r.body)
	}
	wantProblem(t, admin.sendJSON(http.MethodPatch, "/v1/webhooks/"+sub.ID, map[string]any{"url": "not a url"}), http.StatusBadRequest, "invalid")
	if r := admin.get("/v1/webhooks/" + sub.ID); r.status != http.StatusOK || !strings.Contains(string(r.body), `"event_types":[]`) {
		t.Fatalf("after the patch: %d %s", r.status, r.body)
	}

	wantStatus(t, admin.do(http.MethodDelete, "/v1/webhooks/"+sub.ID, "", nil), http.StatusNoContent)
	wantProblem(t, admin.get("/v1/webhooks/"+sub.ID), http.StatusNotFound, "not_found")
	wantProblem(t, admin.do(http.MethodDelete, "/v1/webhooks/"+sub.ID, "", nil), http.StatusNotFound, "not_found")
	wantProblem(t, admin.get("/v1/webhooks/not-an-id"), http.StatusNotFound, "not_found")
}

// waitDeliveries waits until the admin API reports n deliveries of the subscription sent.
func waitDeliveries(t *testing.T, admin client, id string, n int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		var v subscriptionView
		r := admin.get("/v1/webhooks/" + id)
		wantStatus(t, r, http.StatusOK)
		if r.json(t, &v); v.Deliveries.Sent >= n {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("%d of %d deliveries sent: %s", v.Deliveries.Sent, n, r.body)
		}
	}
}

// waitBodies waits until the receiver has n bodies.
func waitBodies(t *testing.T, recv *signedBodies, n int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if bodies, _ := recv.got(); len(bodies) >= n {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("%d of %d bodies received", len(bodies), n)
		}
	}
}

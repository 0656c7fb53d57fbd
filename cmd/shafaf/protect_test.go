package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

func TestSecurityHeaders(t *testing.T) {
	app := MustOpenApp(t)
	anon := client{tb: t, base: app.URL()}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	for _, r := range []response{anon.get("/healthz"), anon.get("/v1/catalogue"), clerk.post("/v1/cases", walkIn), anon.get("/v1/cases")} {
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin",
		} {
			if got := r.header.Get(h); got != want {
				t.Errorf("%s = %q, want %q", h, got, want)
			}
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("CSP %q does not forbid framing", csp)
		}
		if r.header.Get("Strict-Transport-Security") != "" {
			t.Error("HSTS sent over plain HTTP")
		}
	}
}

func TestCORSAllowsOnlyTheDashboardOrigin(t *testing.T) {
	cfg := testAppConfig(pgtest.NewDatabase(t))
	cfg.CORSOrigin = "https://dashboard.shafaf.city"
	app, err := openApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	preflight := func(origin string) response {
		return clerk.do(http.MethodOptions, "/v1/cases", "", nil, "Origin", origin,
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
	}
	t.Run("the dashboard's preflight is answered", func(t *testing.T) {
		r := preflight(cfg.CORSOrigin)
		wantStatus(t, r, http.StatusNoContent)
		if r.header.Get("Access-Control-Allow-Origin") != cfg.CORSOrigin || !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Idempotency-Key") {
			t.Fatalf("preflight headers %v", r.header)
		}
	})
	t.Run("the dashboard may read answers and their ETag", func(t *testing.T) {
		r := clerk.post("/v1/cases", walkIn, "Origin", cfg.CORSOrigin)
		wantStatus(t, r, http.StatusCreated)
		if r.header.Get("Access-Control-Allow-Origin") != cfg.CORSOrigin || !strings.Contains(r.header.Get("Access-Control-Expose-Headers"), "ETag") {
			t.Fatalf("headers %v", r.header)
		}
	})
	t.Run("another origin gets no CORS headers", func(t *testing.T) {
		for _, r := range []response{preflight("https://evil.example"), clerk.post("/v1/cases", walkIn, "Origin", "https://evil.example")} {
			if r.header.Get("Access-Control-Allow-Origin") != "" {
				t.Fatalf("allowed another origin: %v", r.header)
			}
		}
	})
}

func TestPublicEndpointsAreRateLimitedPerClient(t *testing.T) {
	app := MustOpenApp(t)
	anon := client{tb: t, base: app.URL()}
	var limited *response
	for range 200 {
		if r := anon.get("/v1/catalogue"); r.status == http.StatusTooManyRequests {
			limited = &r
			break
		}
	}
	if limited == nil {
		t.Fatal("200 quick requests to the catalogue were never limited")
	}
	wantProblem(t, *limited, http.StatusTooManyRequests, "too_many_requests")
	if limited.header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	t.Run("probes and the private API are not limited", func(t *testing.T) {
		wantStatus(t, anon.get("/healthz"), http.StatusOK)
		clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
		wantStatus(t, clerk.post("/v1/cases", walkIn), http.StatusCreated)
	})
}

func TestMetricsAndReadiness(t *testing.T) {
	app := MustOpenApp(t)
	anon := client{tb: t, base: app.URL()}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	wantStatus(t, clerk.post("/v1/cases", walkIn), http.StatusCreated)
	wantProblem(t, clerk.post("/v1/cases", map[string]any{"channel": "online"}), http.StatusBadRequest, "invalid")
	wantStatus(t, anon.get("/readyz"), http.StatusOK)

	r := anon.get("/metrics")
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{
		`shafaf_http_request_duration_seconds_bucket{method="POST",route="/v1/cases",status="201"`,
		`shafaf_commands_total{command="submit",outcome="ok"} 1`,
		`shafaf_commands_total{command="submit",outcome="invalid"} 1`,
		`shafaf_projector_lag_events{projection="case_summary_v2"}`,
		`shafaf_projector_state{projection="case_summary_v2",state=`,
		`process_resident_memory_bytes`,
		`shafaf_eventstore_append_statements_total`,
		`shafaf_eventstore_appends_total`,
	} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	t.Run("a stored event a read model cannot apply parks its case only, and readyz says degraded", func(t *testing.T) {
		ctx := context.Background()
		poison := mustAppendNULCase(t, app, clerk)
		var later commandResult
		r := clerk.post("/v1/cases", walkIn)
		wantStatus(t, r, http.StatusCreated)
		r.json(t, &later)
		wantStatus(t, clerk.get("/v1/cases/"+later.CaseID+"?after="+later.Position), http.StatusOK)
		wantStatus(t, clerk.get("/v1/cases/"+poison.String()), http.StatusNotFound)
		r = anon.get("/readyz")
		wantStatus(t, r, http.StatusOK)
		var ready struct {
			Status      string `json:"status"`
			ParkedCases int    `json:"parked_cases"`
		}
		if r.json(t, &ready); ready.Status != "degraded" || ready.ParkedCases == 0 {
			t.Fatalf("readyz %s, want degraded with the parked cases counted", r.body)
		}
		statuses, err := app.runtime.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range statuses {
			if st.Name == "case_summary_v2" && (len(st.Parked) != 1 || st.Parked[0].Stream != "case-"+poison.String() ||
				!strings.Contains(st.Parked[0].Error, "0x00")) {
				t.Fatalf("case_summary_v2 parked %+v, want the case with the NUL", st.Parked)
			}
		}
		if m := anon.get("/metrics"); !strings.Contains(string(m.body), `shafaf_projector_parked_events{projection="case_summary_v2"} 1`) {
			t.Errorf("metrics lack the parked case of case_summary_v2")
		}
	})
}

package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// Operators see and rebuild read models from a second process while the server runs.
func TestProjectionsCommand(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	app, err := openApp(ctx, testAppConfig(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	var submitted commandResult
	r := clerk.post("/v1/cases", walkIn)
	wantStatus(t, r, http.StatusCreated)
	r.json(t, &submitted)
	wantStatus(t, clerk.get("/v1/cases/"+submitted.CaseID+"?after="+submitted.Position), http.StatusOK)
	t.Setenv("DATABASE_URL", dsn)

	shafaf := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, args, &out, &errOut)
		return out.String() + errOut.String(), err
	}

	t.Run("status shows every projection caught up with zero lag", func(t *testing.T) {
		caughtUp := regexp.MustCompile(`(?m)^case_summary_v2\s+caught-up\s+\S+\s+0\s`)
		var out string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if out, err = shafaf("projections", "status"); err == nil && caughtUp.MatchString(out) {
				return
			}
		}
		t.Fatalf("status: %v\n%s", err, out)
	})

	t.Run("rebuild swaps in a new generation that still answers", func(t *testing.T) {
		out, err := shafaf("projections", "rebuild", "case_summary_v2")
		if err != nil || !strings.Contains(out, "case_summary_v2 rebuilt and live") {
			t.Fatalf("rebuild: %v\n%s", err, out)
		}
		wantStatus(t, clerk.get("/v1/cases/"+submitted.CaseID), http.StatusOK)
	})

	t.Run("rebuild --all rebuilds every read model together", func(t *testing.T) {
		out, err := shafaf("projections", "rebuild", "--all")
		if err != nil || !strings.Contains(out, "every read model rebuilt and live") {
			t.Fatalf("rebuild --all: %v\n%s", err, out)
		}
		wantStatus(t, clerk.get("/v1/cases/"+submitted.CaseID), http.StatusOK)
	})

	t.Run("retry with nothing parked says so", func(t *testing.T) {
		for _, args := range [][]string{{"retry", "case_summary_v2"}, {"skip", "case_summary_v2", "--stream", "case-" + submitted.CaseID}} {
			if out, err := shafaf(append([]string{"projections"}, args...)...); err == nil || !strings.Contains(err.Error(), "no parked event") {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
		}
	})

	t.Run("a parked case is listed, retried in vain and skipped, case by case", func(t *testing.T) {
		poison := "case-" + mustAppendNULCase(t, app, clerk).String()
		var later commandResult
		r := clerk.post("/v1/cases", walkIn)
		wantStatus(t, r, http.StatusCreated)
		r.json(t, &later)
		// ?after= waits 2 s at most; under the full suite's load the projection, just back from
		// `rebuild --all` and parking the poison, has been seen to need longer (twice in CI).
		r = clerk.get("/v1/cases/" + later.CaseID + "?after=" + later.Position)
		for deadline := time.Now().Add(10 * time.Second); r.status == http.StatusServiceUnavailable && time.Now().Before(deadline); {
			r = clerk.get("/v1/cases/" + later.CaseID + "?after=" + later.Position)
		}
		wantStatus(t, r, http.StatusOK)
		out, err := shafaf("projections", "status")
		if err != nil || !regexp.MustCompile(`(?m)^case_summary_v2\s+degraded\s`).MatchString(out) ||
			!strings.Contains(out, "parked in case_summary_v2: case "+poison) {
			t.Fatalf("status: %v\n%s", err, out)
		}
		if out, err := shafaf("projections", "retry", "case_summary_v2", "--stream", poison); err == nil || !strings.Contains(err.Error(), "0x00") {
			t.Fatalf("retry of the NUL: %v\n%s", err, out)
		}
		if out, err := shafaf("projections", "skip", "case_summary_v2", "--stream", poison); err != nil || !strings.Contains(out, "1 case(s) released") {
			t.Fatalf("skip: %v\n%s", err, out)
		}
		if out, err := shafaf("projections", "status"); err != nil || strings.Contains(out, "parked in case_summary_v2") {
			t.Fatalf("status after the skip: %v\n%s", err, out)
		}
	})

	t.Run("bad usage is a usage error", func(t *testing.T) {
		var usage usageError
		for _, args := range [][]string{{"projections"}, {"projections", "rebuild"}, {"projections", "status", "x"},
			{"projections", "retry", "case_summary_v2", "--case", "x"}, {"projections", "skip", "case_summary_v2", "--event", "not-a-uuid"}} {
			if _, err := shafaf(args...); err == nil || !errors.As(err, &usage) {
				t.Fatalf("%v: %v", args, err)
			}
		}
	})
}

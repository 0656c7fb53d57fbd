package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// wantFieldProblem wants a 400 problem whose field errors include field with code.
func wantFieldProblem(tb testing.TB, r response, field, code string) {
	tb.Helper()
	wantProblem(tb, r, http.StatusBadRequest, "invalid")
	var p struct {
		Errors []struct{ Field, Code string }
	}
	r.json(tb, &p)
	if !slices.ContainsFunc(p.Errors, func(e struct{ Field, Code string }) bool { return e.Field == field && e.Code == code }) {
		tb.Fatalf("problem %s does not name field %q with code %q", r.body, field, code)
	}
}

// Hostile input through the real router: each is a 400 problem naming the field, and none
// reaches the store, so no read model ever sees it.
func TestHostileInputIsRefusedAtTheEdge(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	open := mustSubmit(t, clerk, walkIn)
	head := mustHead(t, app)
	onCase := "/v1/cases/" + open.CaseID
	raw := func(c client, path, body string, headers ...string) response {
		return c.do(http.MethodPost, path, "application/json", []byte(body), headers...)
	}
	submission := func(district string) map[string]any {
		return map[string]any{"service": "permit.new", "channel": "online", "district": district,
			"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"}}
	}
	tests := []struct {
		name        string
		send        func() response
		field, code string
	}{
		{"a NUL in an applicant's district", func() response { return applicant.post("/v1/cases", submission("1\x00")) }, "district", ident.CodeControl},
		{"a NUL in a clerk's assignee", func() response {
			return clerk.post(onCase+"/assign", map[string]any{"assignee": "clerk-\x00x"})
		}, "assignee", ident.CodeControl},
		{"a district the city does not have", func() response { return applicant.post("/v1/cases", submission("999")) }, "district", cases.CodeDistrictUnknown},
		{"markup for a district", func() response { return applicant.post("/v1/cases", submission("<b>1</b>")) }, "district", cases.CodeDistrictUnknown},
		{"a district longer than any", func() response { return applicant.post("/v1/cases", submission("<b>999</b>")) }, "district", ident.CodeMaxLength},
		{"a second visibility member", func() response {
			return raw(clerk, onCase+"/notes", `{"text":"hi","visibility":"applicant","visibility":"internal"}`)
		}, "visibility", "duplicate_field"},
		{"a visibility member in another case", func() response {
			return raw(clerk, onCase+"/notes", `{"text":"hi","visibility":"applicant","Visibility":"internal"}`)
		}, "Visibility", "unknown_field"},
		{"a note of nearly 1 MB", func() response {
			return clerk.post(onCase+"/notes", map[string]any{"text": strings.Repeat("x", 1<<20-100), "visibility": "internal"})
		}, "text", ident.CodeMaxLength},
		{"a note one character over its limit", func() response {
			return clerk.post(onCase+"/notes", map[string]any{"text": strings.Repeat("ی", 4001), "visibility": "internal"})
		}, "text", ident.CodeMaxLength},
		{"invalid UTF-8 in a body", func() response {
			return raw(clerk, onCase+"/notes", "{\"text\":\"a\xffb\",\"visibility\":\"internal\"}")
		}, "text", ident.CodeEncoding},
		{"invalid UTF-8 in the Idempotency-Key", func() response {
			return clerk.post("/v1/cases", walkIn, "Idempotency-Key", "k\xff")
		}, "Idempotency-Key", ident.CodeEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFieldProblem(t, tt.send(), tt.field, tt.code) })
	}
	if got := mustHead(t, app); got != head {
		t.Fatalf("the store moved from %v to %v: hostile input was appended", head, got)
	}
}

// Invalid bytes and unknown values in queries are the client's fault: 400 problems, never a
// 500 from the database.
func TestHostileQueriesAreRefusedAtTheEdge(t *testing.T) {
	app := MustOpenApp(t)
	supervisor := client{tb: t, base: app.URL(), actor: "supervisor:sup-1"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	for _, param := range []string{"service", "status", "district", "assignee", "number"} {
		t.Run(param+" with an invalid byte", func(t *testing.T) {
			wantFieldProblem(t, supervisor.get("/v1/cases?"+param+"=%FF"), param, ident.CodeEncoding)
		})
	}
	tests := []struct {
		name, path, field, code string
	}{
		{"a NUL for waiting_on", "/v1/me/queue?waiting_on=%00", "waiting_on", ident.CodeControl},
		{"an unknown waiting_on", "/v1/me/queue?waiting_on=bogus", "waiting_on", "one_of"},
		{"an unknown status", "/v1/cases?status=submitted,bogus", "status", "one_of"},
		{"an unknown district", "/v1/cases?district=999", "district", "one_of"},
		{"an unknown service", "/v1/cases?service=permit.moon", "service", "one_of"},
		{"an over-long cursor", "/v1/cases?cursor=" + strings.Repeat("a", 300), "cursor", ident.CodeMaxLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFieldProblem(t, clerk.get(tt.path), tt.field, tt.code) })
	}
	t.Run("a known waiting_on and Persian digits for a district are fine", func(t *testing.T) {
		wantStatus(t, clerk.get("/v1/me/queue?waiting_on=applicant"), http.StatusOK)
		wantStatus(t, supervisor.get("/v1/cases?district=%DB%B3&service=permit.new"), http.StatusOK) // ۳
	})
}

// A token whose national ID claim is in Persian digits is the same applicant as the ASCII
// one: it reads its walk-in case everywhere, adds notes to it and submits in its own name.
func TestPersianDigitNationalIDInTheToken(t *testing.T) {
	app := MustOpenApp(t)
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	open := mustSubmit(t, clerk, walkIn) // filed at the counter for 3974017844
	token, err := testIssuer.Token("applicant", "citizen-fa", "", "۳۹۷۴۰۱۷۸۴۴", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	citizen := client{tb: t, base: app.URL()}
	bearer := []string{"Authorization", "Bearer " + token}
	for _, path := range []string{"?after=" + open.Position, "/history", "/timeline"} {
		wantStatus(t, citizen.do(http.MethodGet, "/v1/cases/"+open.CaseID+path, "", nil, bearer...), http.StatusOK)
	}
	note := map[string]any{"text": "the deed is attached", "visibility": "applicant"}
	wantStatus(t, citizen.post("/v1/cases/"+open.CaseID+"/notes", note, bearer...), http.StatusOK)
	online := map[string]any{"service": "permit.new", "channel": "online", "district": "3",
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"}}
	wantStatus(t, citizen.post("/v1/cases", online, bearer...), http.StatusCreated)
}

package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/tracking"
	"github.com/shafaf-city/shafaf/httpapi"
)

// Who calls, one column of the matrix each. Staff work in district 3, where both cases are,
// except the foreign ones; the owner's national ID is the cases' applicant's.
var matrixCallers = []string{
	"",                             // anonymous
	"applicant:3974017844",         // the cases' owner
	"applicant:0013542419",         // another applicant
	"clerk:clerk-7",                //
	"inspector:insp-1",             //
	"supervisor:head-1",            //
	"auditor:audit-1",              //
	"admin:admin-1",                //
	"clerk:clerk-9@district-9",     // a clerk of another department
	"supervisor:head-9@district-9", // a supervisor of another department
}

// Expected outcomes: A the policy lets the call through (2xx, or 422 when the case's state
// refuses it: the rule was checked after the policy), F 403, N 404, U 401.
const (
	A = 'A'
	F = 'F'
	N = 'N'
	U = 'U'
)

// matrixRow is one endpoint on one case: want has one letter per caller, in matrixCallers order.
type matrixRow struct {
	method, route string
	onCase        string // "permit", "violation" or "" (no case in the path)
	body          any
	want          string
}

func matrixRows(docs []string) []matrixRow {
	daysAgo := func(n int) time.Time { return time.Now().AddDate(0, 0, -n) }
	fine := map[string]any{"kind": "fine", "fine_rials": 1000, "summary": "excess area"}
	reason := map[string]any{"reason": "the file says so"}
	//                                                                                     owner   clerk sup   admin
	//                                                                                   anon| other| insp| aud| fclerk
	//                                                                                      ||  |   ||  ||  ||  | fsup
	return []matrixRow{
		{"GET", "/healthz", "", nil, "AAAAAAAAAA"},
		{"GET", "/readyz", "", nil, "AAAAAAAAAA"},
		{"GET", "/v1/catalogue", "", nil, "AAAAAAAAAA"},
		{"GET", "/v1/catalogue/:key", "", nil, "AAAAAAAAAA"},
		{"POST", "/v1/cases", "", permitSubmission, "UAFAFFFAFF"},
		{"POST", "/v1/cases", "", violationReport, "UFFFAAFAFF"},
		{"POST", "/v1/patrol-findings", "", patrolFinding, "UFFFAAFAFF"},
		{"GET", "/v1/cases/:id", "permit", nil, "UANAAAAAFF"},
		{"GET", "/v1/cases/:id", "violation", nil, "UANAAAAAFF"},
		{"GET", "/v1/cases/by-number/:number", "permit", nil, "UANAAAAAFF"},
		{"GET", "/v1/cases/:id/history", "permit", nil, "UANAAAAAFF"},
		{"GET", "/v1/cases/:id/timeline", "permit", nil, "UANAAAAAFF"},
		{"GET", "/v1/cases/:id/state", "permit", nil, "UFNAAAAAFF"},
		{"GET", "/v1/cases/:id/export", "permit", nil, "UANFFAAAFF"},
		{"GET", "/v1/actors/:actor/activity", "", nil, "UFFFFAAAFF"},
		{"GET", "/v1/cases", "", nil, "UAAAAAAAAA"},
		{"GET", "/v1/me/queue", "", nil, "UFFAAAAAAA"},
		{"GET", "/v1/me/cases", "", nil, "UAAAAAAAAA"},
		{"POST", "/v1/cases/:id/accept", "permit", map[string]any{}, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/request-documents", "permit", map[string]any{"requests": []map[string]any{{"document": docs[0], "kind": "missing"}}}, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/provide-documents", "permit", map[string]any{"documents": docs[:1]}, "UANAFFFAFF"},
		{"POST", "/v1/cases/:id/documents", "permit", upload{docs[0]}, "UANAAAFAFF"},
		{"GET", "/v1/cases/:id/documents/:docId", "permit", nil, "UANAAAAAFF"},
		{"POST", "/v1/cases/:id/assign", "permit", map[string]any{"assignee": "clerk-3-1", "department": testDepartment}, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/schedule-inspection", "permit", map[string]any{"inspector": "insp-1", "on": time.Now()}, "UFNFAAFAFF"},
		{"POST", "/v1/cases/:id/record-inspection", "permit", map[string]any{"findings": "as built", "measured_area_dm2": 1000}, "UFNFAFFAFF"},
		{"POST", "/v1/cases/:id/record-review", "permit", map[string]any{"summary": "sound"}, "UFNFAAFAFF"},
		{"POST", "/v1/cases/:id/refer-to-commission", "permit", map[string]any{"commission": "article_100", "reason": "excess area"}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/commission-ruling", "permit", map[string]any{"outcome": "approve", "summary": "ok"}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/assess-fee", "permit", map[string]any{"inputs": feeInputs("residential")}, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/record-payment", "permit", payment(1, "matrix"), "UFNAFFFAFF"},
		{"POST", "/v1/cases/:id/waive-fee", "permit", reason, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/decision", "permit", approval, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/issue", "permit", map[string]any{}, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/expire", "permit", map[string]any{}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/renew", "permit", map[string]any{}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/revoke", "permit", reason, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/notes", "permit", map[string]any{"text": "see the plan", "visibility": "applicant"}, "UANAAAFAFF"},
		{"POST", "/v1/cases/:id/notes", "permit", map[string]any{"text": "check the deed", "visibility": "internal"}, "UFNAAAFAFF"},
		{"POST", "/v1/cases/:id/hold", "permit", reason, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/release-hold", "permit", reason, "UFNAFAFAFF"},
		{"POST", "/v1/cases/:id/extend-deadline", "permit", map[string]any{"days": 5, "reason": "waiting on the registry"}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/serve-notice", "permit", map[string]any{"served_on": daysAgo(60)}, "UFNFFFFAFF"},
		{"POST", "/v1/cases/:id/withdraw", "permit", reason, "UANAFFFAFF"},
		{"POST", "/v1/cases/:id/cancel", "permit", reason, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/reopen", "permit", reason, "UFNFFAFAFF"},
		{"GET", "/v1/cases/:id/history", "violation", nil, "UANAAAAAFF"},
		{"POST", "/v1/cases/:id/accept", "violation", map[string]any{}, "UFNFFFFAFF"},
		{"POST", "/v1/cases/:id/serve-notice", "violation", map[string]any{"served_on": daysAgo(60)}, "UFNAAAFAFF"},
		{"POST", "/v1/cases/:id/file-defence", "violation", map[string]any{"statement": "built before the plan", "filed_on": daysAgo(55)}, "UANAFFFAFF"},
		{"POST", "/v1/cases/:id/first-instance-ruling", "violation", map[string]any{"ruling": fine, "notified_on": daysAgo(40)}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/file-appeal", "violation", map[string]any{"grounds": "mismeasured", "filed_on": daysAgo(35)}, "UANAFFFAFF"},
		{"POST", "/v1/cases/:id/appeal-ruling", "violation", map[string]any{"ruling": fine}, "UFNFFAFAFF"},
		{"POST", "/v1/cases/:id/enforce", "violation", map[string]any{"action": "collection"}, "UFNFAAFAFF"},
		{"POST", "/v1/cases/:id/close", "violation", reason, "UFNFFAFAFF"},
		{"GET", "/v1/departments/:department/load", "", nil, "UFFFFAAAFF"},
		{"GET", "/v1/delegations", "", nil, "UFFAAAAAAA"},
		// a bulk move is the supervisor's; each case is then asked of the policy on its own
		{"POST", "/v1/cases/reassign", "", map[string]any{"to": "clerk-3-1", "reason": "balancing", "cases": []map[string]any{{"case_id": unknownID}}}, "UFFFFAFAFA"},
		// the official themselves (clerk-3-1 is none of the callers) or their supervisor
		{"POST", "/v1/staff/:official/delegations", "", map[string]any{"to": "clerk-3-2", "starts": time.Now(), "ends": time.Now().Add(24 * time.Hour), "reason": "leave"}, "UNNFFAFAFF"},
		{"POST", "/v1/staff/:official/delegations/:id/revoke", "", reason, "UNNFFNFNFF"},
		{"GET", "/v1/webhooks", "", nil, "UFFFFFFAFF"},
		{"POST", "/v1/webhooks", "", map[string]any{"url": "https://gis.city.example/hooks"}, "UFFFFFFAFF"},
		{"GET", "/v1/webhooks/:id", "", nil, "UFFFFFFAFF"},
		{"PATCH", "/v1/webhooks/:id", "", map[string]any{"trusted": true}, "UFFFFFFAFF"},
		{"POST", "/v1/webhooks/:id/rotate-secret", "", map[string]any{}, "UFFFFFFAFF"},
		{"POST", "/v1/webhooks/:id/replay", "", map[string]any{"from": "0.0"}, "UFFFFFFAFF"},
		{"DELETE", "/v1/webhooks/:id", "", nil, "UFFFFFFAFF"}, // last: the admin's call ends the subscription
	}
}

// unknownID names no case and no delegation: the matrix's rows without a case use it for :id.
var unknownID = uuid.NewString()

var (
	permitSubmission = map[string]any{"service": "permit.new", "channel": "online", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{1}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844", "phone": "09141234567"}}
	violationReport = map[string]any{"service": "viol.art100", "channel": "inspection", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{2}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"}}
	// patrolFinding is found on a plot of its own: the first call opens its case, the next record on it.
	patrolFinding = map[string]any{"service": "viol.art100", "district": "3", "location": "beside the park",
		"plot":     map[string]any{"section": 3, "main": []int{72}, "sub": []int{3}},
		"owner":    map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"},
		"findings": "a floor beyond the permit"}
)

// Every endpoint × every role (and anonymous, another applicant, staff of another
// department), through the real router and wiring, answers as the policy says.
func TestRoleMatrix(t *testing.T) {
	app := MustOpenApp(t)
	permitSvc, _ := catalogue.Default().Service("permit.new")
	docs := permitSvc.Documents
	rows := matrixRows(docs)
	cases := map[string]commandResult{
		"permit":    mustSubmit(t, client{tb: t, base: app.URL(), actor: "applicant:3974017844"}, permitSubmission),
		"violation": mustSubmit(t, client{tb: t, base: app.URL(), actor: "inspector:insp-1"}, violationReport),
	}
	docID := mustUpload(t, client{tb: t, base: app.URL(), actor: "applicant:3974017844"}, cases["permit"].CaseID, docs[0])
	var hook struct{ Subscription struct{ ID string } }
	client{tb: t, base: app.URL(), actor: "admin:admin-1"}.post("/v1/webhooks", map[string]any{"url": "https://gis.city.example/hooks"}).json(t, &hook)
	// a case's tracking number by its id; an unknown id gets a well-formed number no case has
	numbers := map[string]string{}
	for _, c := range cases {
		var row struct {
			TrackingNumber string `json:"tracking_number"`
		}
		client{tb: t, base: app.URL(), actor: "auditor:audit-1"}.get("/v1/cases/"+c.CaseID+"?after="+c.Position).json(t, &row)
		numbers[c.CaseID] = row.TrackingNumber
	}
	numberOf := func(id string) string {
		if n, ok := numbers[id]; ok {
			return n
		}
		return tracking.Number{Year: 1300, Group: 1, Seq: 1}.String()
	}

	t.Run("covers every API route", func(t *testing.T) {
		for _, route := range app.server.Handler.(*httpapi.Server).Routes() {
			method, path, _ := strings.Cut(route, " ")
			if (strings.HasPrefix(path, "/v1/") || path == "/healthz" || path == "/readyz") &&
				!slices.ContainsFunc(rows, func(r matrixRow) bool { return r.method == method && r.route == path }) {
				t.Errorf("%s has no row in the role matrix", route)
			}
		}
	})

	t.Run("listings show each caller only the cases the policy lets them see", func(t *testing.T) {
		for _, tt := range []struct {
			caller, path string
			want         int
		}{
			{"applicant:3974017844", "/v1/cases", 2}, // the permit and the violation reported against them
			{"applicant:3974017844", "/v1/me/cases", 2},
			{"applicant:0013542419", "/v1/cases", 0},
			{"applicant:0013542419", "/v1/me/cases", 0},
			{"clerk:clerk-9@district-9", "/v1/cases", 0},
			{"auditor:audit-1", "/v1/cases", 2},
		} {
			var page struct{ Items []struct{ ID string } }
			r := client{tb: t, base: app.URL(), actor: tt.caller}.get(tt.path + afterQuery("violation", cases))
			wantStatus(t, r, http.StatusOK)
			if r.json(t, &page); len(page.Items) != tt.want {
				t.Errorf("%s as %s lists %d cases, want %d: %s", tt.path, tt.caller, len(page.Items), tt.want, r.body)
			}
		}
	})

	requests := 0
	for _, row := range rows {
		if len(row.want) != len(matrixCallers) {
			t.Fatalf("%s %s: %d expectations for %d callers", row.method, row.route, len(row.want), len(matrixCallers))
		}
		id := cases[row.onCase].CaseID
		switch {
		case strings.HasPrefix(row.route, "/v1/webhooks/"):
			id = hook.Subscription.ID
		case row.onCase == "":
			id = unknownID
		}
		path := strings.NewReplacer(":key", "permit.new", ":id", id, ":docId", docID,
			":number", numberOf(cases[row.onCase].CaseID), ":department", testDepartment, ":official", "clerk-3-1", ":actor", "clerk-3-1").Replace(row.route)
		for i, caller := range matrixCallers {
			c := client{tb: t, base: app.URL(), actor: caller}
			var r response
			switch row.method {
			case http.MethodGet:
				r = c.get(path + afterQuery(row.onCase, cases))
			case http.MethodPost:
				r = c.send(path, row.body)
			default:
				r = c.sendJSON(row.method, path, row.body)
			}
			requests++
			if got := outcome(r.status); got != rune(row.want[i]) {
				t.Errorf("%s %s on %q as %q: %d (%c), want %c: %s", row.method, row.route, row.onCase, caller, r.status, got, row.want[i], r.body)
			}
		}
	}
	t.Logf("%d rows × %d callers = %d requests", len(rows), len(matrixCallers), requests)

	t.Run("a missing case answers every caller as another applicant's case does", func(t *testing.T) {
		stranger := client{tb: t, base: app.URL(), actor: "applicant:0013542419"}
		missing := map[string]commandResult{"permit": {CaseID: uuid.NewString()}, "violation": {CaseID: "not-a-case-id"}}
		for _, row := range rows {
			if row.onCase == "" {
				continue
			}
			path := func(cases map[string]commandResult) string {
				return strings.NewReplacer(":id", cases[row.onCase].CaseID, ":docId", docID,
					":number", numberOf(cases[row.onCase].CaseID)).Replace(row.route)
			}
			foreign := stranger.send(path(cases), row.body)
			if row.method == http.MethodGet {
				foreign = stranger.get(path(cases) + afterQuery(row.onCase, cases))
			}
			want := problemBody(t, foreign)
			for _, caller := range matrixCallers[1:] {
				c := client{tb: t, base: app.URL(), actor: caller}
				r := c.send(path(missing), row.body)
				if row.method == http.MethodGet {
					r = c.get(path(missing))
				}
				if r.status != foreign.status || problemBody(t, r) != want {
					t.Errorf("%s %s on a missing case as %q: %d %s, want what another applicant's case answers: %d %s",
						row.method, row.route, caller, r.status, r.body, foreign.status, foreign.body)
				}
			}
		}
	})
}

// problemBody is a problem document without the members that name the request (its path and
// id), which differ between any two requests.
func problemBody(tb testing.TB, r response) string {
	tb.Helper()
	var p map[string]any
	r.json(tb, &p)
	delete(p, "instance")
	delete(p, "request_id")
	b, err := json.Marshal(p)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// afterQuery makes a case query wait until the read model has seen the case's submission.
func afterQuery(onCase string, cases map[string]commandResult) string {
	if onCase == "" {
		return ""
	}
	return "?after=" + cases[onCase].Position
}

func outcome(status int) rune {
	switch {
	case status < 300 || status == http.StatusUnprocessableEntity:
		return A
	case status == http.StatusForbidden:
		return F
	case status == http.StatusNotFound:
		return N
	case status == http.StatusUnauthorized:
		return U
	}
	return '?'
}

func mustSubmit(tb testing.TB, c client, body any) commandResult {
	tb.Helper()
	var res commandResult
	r := c.post("/v1/cases", body)
	wantStatus(tb, r, http.StatusCreated)
	r.json(tb, &res)
	return res
}

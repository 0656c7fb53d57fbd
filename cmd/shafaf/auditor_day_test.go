package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// trailEvent is one event of a timeline or an export, as an auditor reads it.
type trailEvent struct {
	EventID string `json:"event_id"`
	Type    string `json:"type"`
	At      struct{ UTC, Jalali string }
	Actor   struct{ ID, Role, Department string }
	Reason  string `json:"reason"`
	Facts   []trailValue
	Changes []struct {
		Field         string
		Before, After trailValue
	}
	Transparency *struct {
		LeafIndex int    `json:"leaf_index"`
		ProofURL  string `json:"proof_url"`
	}
}

type trailValue struct {
	Key   string
	Label struct{ Fa, En string }
	Text  string
	At    *struct{ UTC, Jalali string }
}

// fact is the value of the event's first fact under key, its Jalali moment for a date.
func (e trailEvent) fact(key string) string {
	for _, f := range e.Facts {
		if f.Key == key {
			if f.At != nil {
				return f.At.Jalali
			}
			return f.Text
		}
	}
	return ""
}

// An auditor's day: one official's month of activity, asked in Jalali, and one case's full trail
// in Jalali, read on screen and exported for a commission as JSON and CSV.
func TestAuditorReadsAnOfficialsMonthAndACasesTrail(t *testing.T) {
	clock := &testClock{}
	signing, _, err := tlog.GenerateKey("test.shafaf.example/events")
	if err != nil {
		t.Fatal(err)
	}
	app := mustOpenAppWith(t, func(cfg *appConfig) { cfg.Now, cfg.Transparency = clock.Now, transparencyConfig{Key: signing} })
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-3-1"}
	inspector := client{tb: t, base: app.URL(), actor: "inspector:inspector-3-1"}
	head := client{tb: t, base: app.URL(), actor: "supervisor:supervisor-3"}
	auditor := client{tb: t, base: app.URL(), actor: "auditor:audit-1"}

	// The month audited is the Jalali month of 45 days ago; the clerk acted the day before it
	// began, twice during it, and today.
	now := time.Now()
	month := jalali.FromTime(now.AddDate(0, 0, -45))
	first := jalali.Date{Year: month.Year, Month: month.Month, Day: 1}
	last := jalali.Date{Year: month.Year, Month: month.Month, Day: jalali.DaysIn(month.Year, month.Month)}
	start := jalali.ToTime(first).Add(10 * time.Hour) // office hours in Tehran
	at := func(day int) { clock.Set(start.AddDate(0, 0, day).Sub(now)) }

	at(-1)
	permit := mustSubmit(t, clerk, walkIn)
	violation := mustSubmit(t, inspector, violationReport)
	at(0)
	wantStatus(t, inspector.post("/v1/cases/"+violation.CaseID+"/schedule-inspection",
		map[string]any{"inspector": "inspector-3-1", "on": first.String()}), http.StatusOK)
	wantStatus(t, inspector.post("/v1/cases/"+violation.CaseID+"/record-inspection",
		map[string]any{"findings": "a fourth floor the permit does not show", "measured_area_dm2": 9000, "violation_found": true}), http.StatusOK)
	at(3)
	wantStatus(t, clerk.post("/v1/cases/"+permit.CaseID+"/accept", map[string]any{}), http.StatusOK)
	at(10)
	servedOn := persianDigits(first.AddDays(10).String()) // the clerk types the day as printed on the notice
	wantStatus(t, clerk.post("/v1/cases/"+violation.CaseID+"/serve-notice", map[string]any{"served_on": servedOn}), http.StatusOK)
	clock.Set(0)
	wantStatus(t, clerk.post("/v1/cases/"+permit.CaseID+"/notes", map[string]any{"text": "the deed is in the archive", "visibility": "internal"}), http.StatusOK)
	fine := map[string]any{"kind": "fine", "fine_rials": 50_000_000, "summary": "an extra floor without a permit"}
	wantStatus(t, head.post("/v1/cases/"+violation.CaseID+"/first-instance-ruling",
		map[string]any{"ruling": fine, "notified_on": jalali.Format(now, jalali.Latin)}), http.StatusOK)
	var last_ commandResult
	head.post("/v1/cases/"+violation.CaseID+"/extend-deadline",
		map[string]any{"days": 5, "reason": `=HYPERLINK("http://evil.example","see")`}).json(t, &last_)
	if last_.Position == "" {
		t.Fatal("the deadline was not extended")
	}
	after := "&after=" + url.QueryEscape(last_.Position)

	t.Run("the official's month, asked in Jalali, lists what they did in it with its facts", func(t *testing.T) {
		path := "/v1/actors/clerk-3-1/activity?from=" + url.QueryEscape(persianDigits(first.String())) + "&to=" + url.QueryEscape(last.String()) + after
		r := auditor.get(path)
		wantStatus(t, r, http.StatusOK)
		var page struct {
			Total   int
			From    struct{ Jalali string }
			Actions []struct {
				CaseID         string `json:"case_id"`
				TrackingNumber string `json:"tracking_number"`
				EventType      string `json:"event_type"`
				Actor          struct{ Department string }
				At             struct{ Jalali string }
				Facts          []trailValue
			}
		}
		r.json(t, &page)
		if page.Total != 2 || len(page.Actions) != 2 || page.From.Jalali != persianDigits(first.String()+" 00:00") {
			t.Fatalf("the clerk's month is %s, want the two actions inside it", r.body)
		}
		served, accepted := page.Actions[0], page.Actions[1] // newest first
		if served.EventType != "case.NoticeServed.v1" || served.CaseID != violation.CaseID || accepted.EventType != "case.IntakeAccepted.v1" ||
			accepted.CaseID != permit.CaseID || served.Actor.Department != "district-3" {
			t.Fatalf("actions %s", r.body)
		}
		if want := trackingNumberOf(t, auditor, violation.CaseID, violation.Position); served.TrackingNumber != want {
			t.Fatalf("the notice names case %q, want its number %s", served.TrackingNumber, want)
		}
		if len(served.Facts) == 0 || served.Facts[0].Key != "served_on" || served.Facts[0].At == nil ||
			!strings.HasPrefix(served.Facts[0].At.Jalali, servedOn) || !strings.HasPrefix(served.At.Jalali, servedOn) {
			t.Fatalf("the notice's facts %+v at %s, want served on %s", served.Facts, served.At.Jalali, servedOn)
		}

		var second struct {
			Actions []struct {
				EventType string `json:"event_type"`
			}
		}
		auditor.get(path+"&limit=1&offset=1").json(t, &second)
		if len(second.Actions) != 1 || second.Actions[0].EventType != "case.IntakeAccepted.v1" {
			t.Fatalf("the second page %+v, want the acceptance", second)
		}
		var nobody struct {
			Total   int
			Actions []any
		}
		r = auditor.get("/v1/actors/nobody-at-all/activity?from=" + url.QueryEscape(first.String()))
		wantStatus(t, r, http.StatusOK)
		if r.json(t, &nobody); nobody.Total != 0 || nobody.Actions == nil || len(nobody.Actions) != 0 {
			t.Fatalf("an unknown actor: %s, want an empty page", r.body)
		}
		wantProblem(t, auditor.get("/v1/actors/clerk-3-1/activity?from="+url.QueryEscape(last.String())+"&to="+url.QueryEscape(first.String())), http.StatusBadRequest, "invalid")
		wantProblem(t, auditor.get("/v1/actors/clerk-3-1/activity?from=1405/13/01"), http.StatusBadRequest, "invalid")
		wantProblem(t, auditor.get("/v1/actors/clerk-3-1/activity?since=1405/08/01"), http.StatusBadRequest, "invalid")
		wantProblem(t, clerk.get("/v1/actors/clerk-3-1/activity"), http.StatusForbidden, "access.role")
	})

	var timeline struct {
		TrackingNumber string `json:"tracking_number"`
		Events         []trailEvent
	}
	t.Run("the case's trail says who did what, when in Jalali, what each event states and changed", func(t *testing.T) {
		r := auditor.get("/v1/cases/" + violation.CaseID + "/timeline")
		wantStatus(t, r, http.StatusOK)
		r.json(t, &timeline)
		types := make([]string, len(timeline.Events))
		for i, e := range timeline.Events {
			types[i] = e.Type
			if !strings.ContainsAny(e.At.Jalali, "۱۲۳۴۵۶۷۸۹۰") || e.At.UTC == "" || len(e.Changes) == 0 {
				t.Errorf("event %d (%s) is shown bare: %+v", i, e.Type, e)
			}
		}
		// Reporting the violation held its plot under the catalogue's plot rule.
		want := []string{"case.Submitted.v1", "plot.HoldPlaced.v1", "case.InspectionScheduled.v1", "case.InspectionRecorded.v1",
			"case.NoticeServed.v1", "case.FirstInstanceRuled.v1", "case.DeadlineExtended.v1"}
		if !slices.Equal(types, want) {
			t.Fatalf("events %v, want %v", types, want)
		}
		report, held, inspected, served, ruled := timeline.Events[0], timeline.Events[1], timeline.Events[3], timeline.Events[4], timeline.Events[5]
		if inspected.fact("findings") == "" || inspected.fact("violation_found") != "true" || inspected.fact("measured_area_dm2") != "9000" {
			t.Errorf("the inspection %+v, want its findings", inspected)
		}
		if report.fact("national_id") != "3974017844" || report.Actor.ID != "inspector-3-1" || report.Actor.Department != "district-3" {
			t.Errorf("the report %+v, want the owner's national ID for the auditor and the inspector's department", report)
		}
		if !strings.HasPrefix(served.fact("served_on"), servedOn) || served.fact("defence_ends_at") == "" || served.Actor.Role != "clerk" {
			t.Errorf("the notice %+v, want served on %s with the defence window's end", served, servedOn)
		}
		if ruled.fact("ruling") != "fine" || ruled.fact("fine_rials") != "50000000" || ruled.fact("ruling_summary") != fine["summary"] ||
			ruled.Actor.ID != "supervisor-3" {
			t.Errorf("the ruling %+v, want its kind, fine and summary", ruled)
		}
		for _, f := range ruled.Facts {
			if f.Label.Fa == "" || f.Label.Fa == f.Key {
				t.Errorf("the ruling's %q has no Persian label: %+v", f.Key, f.Label)
			}
		}
		changed := map[string]string{}
		for _, c := range append(ruled.Changes, held.Changes...) {
			changed[c.Field] = c.Before.Text + "→" + c.After.Text
		}
		if changed["status"] != "notice_served→first_instance_ruled" || changed["fine"] != "0→50000000" || changed["ruling"] != "→fine" ||
			!strings.HasPrefix(changed["plot_hold"], "→held under ") {
			t.Errorf("the ruling changed %v", changed)
		}
	})

	t.Run("the state as a Jalali day closed is replayed from the store", func(t *testing.T) {
		// The events were recorded today, so the day before has no case and today shows it all.
		today := persianDigits(jalali.Format(now, jalali.Latin))
		r := auditor.get("/v1/cases/" + violation.CaseID + "/state?as_of=" + url.QueryEscape(today))
		var st struct{ Status string }
		wantStatus(t, r, http.StatusOK)
		if r.json(t, &st); st.Status != "first_instance_ruled" {
			t.Fatalf("as of %s: %s", today, r.body)
		}
		wantProblem(t, auditor.get("/v1/cases/"+violation.CaseID+"/state?as_of="+url.QueryEscape(jalali.Format(now.AddDate(0, 0, -1), jalali.Latin))), http.StatusNotFound, "not_found")
		wantProblem(t, auditor.get("/v1/cases/"+violation.CaseID+"/state?as_of="+url.QueryEscape("1405/01/01 25:00")), http.StatusBadRequest, "invalid")
	})

	t.Run("the trail is exported for a commission as JSON and as CSV a spreadsheet opens safely", func(t *testing.T) {
		// A checkpoint signed over the whole log places every event of the case in it.
		ctx := context.Background()
		head, err := app.store.Head(ctx)
		if err == nil {
			err = app.runtime.WaitFor(ctx, tlog.Name, head)
		}
		if err == nil {
			_, _, err = app.signer.Checkpoint(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		r := auditor.get("/v1/cases/" + violation.CaseID + "/export?format=json")
		wantStatus(t, r, http.StatusOK)
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "case-"+timeline.TrackingNumber+"-trail.json") {
			t.Fatalf("Content-Disposition %q", cd)
		}
		var exported struct {
			TrackingNumber string              `json:"tracking_number"`
			ExportedBy     struct{ ID string } `json:"exported_by"`
			Events         []trailEvent
		}
		r.json(t, &exported)
		if exported.TrackingNumber != timeline.TrackingNumber || exported.ExportedBy.ID != "audit-1" || len(exported.Events) != len(timeline.Events) ||
			exported.Events[5].fact("fine_rials") != "50000000" {
			t.Fatalf("the JSON export %s", r.body)
		}
		for _, e := range exported.Events {
			if e.Transparency == nil {
				t.Fatalf("event %s has no place in the signed log: %s", e.Type, r.body)
			}
		}
		wantStatus(t, client{tb: t, base: app.URL()}.get(exported.Events[0].Transparency.ProofURL), http.StatusOK)

		r = auditor.do(http.MethodGet, "/v1/cases/"+violation.CaseID+"/export", "", nil, "Accept", "text/csv")
		wantStatus(t, r, http.StatusOK)
		if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(cd, "-trail.csv") {
			t.Fatalf("Content-Type %q, Content-Disposition %q", ct, cd)
		}
		body, bom := bytes.CutPrefix(r.body, []byte("\ufeff"))
		if !bom {
			t.Fatal("the CSV has no UTF-8 byte order mark: Excel would show its Persian garbled")
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+len(timeline.Events) {
			t.Fatalf("%d CSV rows for %d events", len(rows), len(timeline.Events))
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		for i, row := range rows[1:] {
			e := timeline.Events[i]
			if row[col["event_id"]] != e.EventID || row[col["event_type"]] != e.Type || row[col["time_jalali"]] != e.At.Jalali ||
				row[col["actor_id"]] != e.Actor.ID || row[col["actor_role"]] != e.Actor.Role {
				t.Errorf("row %d %q, want event %+v", i+1, row, e)
			}
			if row[col["tlog_leaf_index"]] != strconv.Itoa(exported.Events[i].Transparency.LeafIndex) || len(row[col["tlog_leaf_hash"]]) != 64 {
				t.Errorf("row %d places the event at leaf %q hash %q, want %d", i+1, row[col["tlog_leaf_index"]], row[col["tlog_leaf_hash"]], exported.Events[i].Transparency.LeafIndex)
			}
			if _, err := time.Parse(time.RFC3339, row[col["time_utc"]]); err != nil {
				t.Errorf("row %d time_utc %q: %v", i+1, row[col["time_utc"]], err)
			}
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
					t.Errorf("row %d cell %q would run as a formula", i+1, cell)
				}
			}
		}
		ruled, extended := rows[6], rows[7]
		if !strings.Contains(ruled[col["facts"]], "fine_rials=50000000") || !strings.Contains(ruled[col["changes"]], "status: notice_served → first_instance_ruled") {
			t.Errorf("the ruling's row %q", ruled)
		}
		if got := extended[col["reason"]]; got != `'=HYPERLINK("http://evil.example","see")` {
			t.Errorf("the reason cell %q, want the formula made inert", got)
		}
		wantProblem(t, auditor.get("/v1/cases/"+violation.CaseID+"/export?format=xlsx"), http.StatusBadRequest, "invalid")
	})
}

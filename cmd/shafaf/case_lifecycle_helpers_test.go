package main

import (
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// lifecycle drives one case through HTTP: the applicant submits (an inspector reports a
// violation) and an admin does the staff's part. The catalogue's step roles and the policy
// table's service groups still disagree for some steps (violation intake, inspections of
// inquiries and city services, commission referrals of certificates, engineering reviews);
// who may act is the role matrix's business, these tests are about the lifecycle.
type lifecycle struct {
	t         *testing.T
	svc       catalogue.Service
	staff     client
	applicant client
	inspector client
	id        string
	last      commandResult
}

func newLifecycle(t *testing.T, app *App, svc catalogue.Service) *lifecycle {
	as := func(actor string) client { return client{tb: t, base: app.URL(), actor: actor} }
	return &lifecycle{t: t, svc: svc, staff: as("admin:admin-1"), applicant: as("applicant:3974017844"),
		inspector: as("inspector:insp-1")}
}

func (l *lifecycle) uses(step catalogue.Step) bool { return l.svc.UsesStep(step) }

// submit opens the case on plot 72/sub in section 3.
func (l *lifecycle) submit(sub int) {
	l.t.Helper()
	channel, by := "online", l.applicant
	if l.svc.Flow() == catalogue.FlowViolation {
		channel, by = "inspection", l.inspector
	}
	r := by.post("/v1/cases", map[string]any{
		"service": l.svc.Key, "channel": channel, "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{sub}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "۳۹۷۴۰۱۷۸۴۴", "postal_code": "1319673611"},
	})
	wantStatus(l.t, r, http.StatusCreated)
	r.json(l.t, &l.last)
	l.id = l.last.CaseID
}

// do runs an action that must succeed.
func (l *lifecycle) do(action string, body any) {
	l.t.Helper()
	r := l.staff.post("/v1/cases/"+l.id+"/"+action, body)
	wantStatus(l.t, r, http.StatusOK)
	r.json(l.t, &l.last)
}

// refused runs an action that must be refused with 422 naming rule.
func (l *lifecycle) refused(action string, body any, rule string) {
	l.t.Helper()
	wantProblem(l.t, l.staff.post("/v1/cases/"+l.id+"/"+action, body), http.StatusUnprocessableEntity, rule)
}

// summary reads the case from the read model once it has seen the last command.
func (l *lifecycle) summary() caseSummary {
	l.t.Helper()
	var s caseSummary
	r := l.staff.get("/v1/cases/" + l.id + "?after=" + l.last.Position)
	wantStatus(l.t, r, http.StatusOK)
	r.json(l.t, &s)
	return s
}

type caseSummary struct {
	Status            string `json:"status"`
	FeeTotal          int64  `json:"fee_total"`
	FeePaid           int64  `json:"fee_paid"`
	CertificateNumber string `json:"certificate_number"`
	WaitingOn         string `json:"waiting_on"`
	DaysPaused        int    `json:"days_paused"`
	DueAt             string `json:"due_at"`
}

// stepProbe is a request for a step, to show a service without the step refuses it.
var stepProbe = map[catalogue.Step]struct {
	action string
	body   any
}{
	catalogue.StepSiteInspection:     {"schedule-inspection", map[string]any{"inspector": "insp-1", "on": time.Now()}},
	catalogue.StepEngineeringReview:  {"record-review", map[string]any{"summary": "ok"}},
	catalogue.StepCommissionReferral: {"refer-to-commission", map[string]any{"commission": "article_100", "reason": "x"}},
	catalogue.StepFeeAssessment:      {"assess-fee", map[string]any{"inputs": feeInputs("residential")}},
}

// refusesAStepItLacks probes the first step the service does not use.
func (l *lifecycle) refusesAStepItLacks() {
	l.t.Helper()
	for _, step := range []catalogue.Step{catalogue.StepSiteInspection, catalogue.StepEngineeringReview,
		catalogue.StepCommissionReferral, catalogue.StepFeeAssessment} {
		if !slices.ContainsFunc(l.svc.Steps, func(r catalogue.StepRule) bool { return r.Step == step }) {
			p := stepProbe[step]
			l.refused(p.action, p.body, "step.not_in_service")
			return
		}
	}
}

// refusesEmptyFeeInputs asks for an assessment with no inputs: the 400 names the land uses and
// every input the service's items read under the schedule, as the document's x-fee-items says.
func (l *lifecycle) refusesEmptyFeeInputs() {
	l.t.Helper()
	const version = "urmia-1404.1"
	r := l.staff.post("/v1/cases/"+l.id+"/assess-fee", map[string]any{"inputs": map[string]any{}, "schedule_version": version})
	wantProblem(l.t, r, http.StatusBadRequest, "invalid")
	var p struct {
		Errors []struct{ Field, Code string }
	}
	r.json(l.t, &p)
	s, _ := fees.ByVersion(version)
	want := map[string]bool{}
	for _, it := range s.Items {
		if slices.Contains(it.Services, l.svc.Key) {
			for _, f := range it.Needs() {
				want[f] = true
			}
		}
	}
	named := map[string]bool{}
	for _, e := range p.Errors[1:] {
		named[e.Field] = e.Code == fees.CodeInputNeeded
	}
	if len(p.Errors) == 0 || p.Errors[0].Code != fees.CodeUnknownUse || !maps.Equal(named, want) {
		l.t.Fatalf("{\"inputs\":{}} for %s: %s; want the use and then %v", l.svc.Key, r.body, slices.Sorted(maps.Keys(want)))
	}
}

func feeInputs(use string) map[string]any {
	return map[string]any{"use": use, "land_area_dm2": 20000, "requested_area_dm2": 30000,
		"commercial_area_dm2": 5000, "floor_areas_dm2": []int{15000, 15000}, "parking_required": 2,
		"parking_provided": 1, "regional_price": 5_000_000, "transaction_value": 20_000_000, "fine_rate_bp": 20000}
}

package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// An Article 100 case holds its plot from the moment it is reported, with no staff step: a
// no-violation certificate on the same plot is refused under the catalogue's plot rule until
// the case ends, while a certificate the rule does not name issues.
func TestAnOpenViolationBlocksANoViolationCertificateOnItsPlot(t *testing.T) {
	t.Parallel()
	app := MustOpenApp(t)
	cat := catalogue.Default()
	art100Svc, _ := cat.Service("viol.art100")
	noViolationSvc, _ := cat.Service("cert.noviolation")
	clearanceSvc, _ := cat.Service("cert.clearance")
	art100 := newLifecycle(t, app, art100Svc)
	art100.submit(9000)
	art100.do("schedule-inspection", map[string]any{"inspector": "insp-1", "on": time.Now()})
	art100.do("record-inspection", map[string]any{"findings": "two floors beyond the permit", "measured_area_dm2": 5000, "violation_found": true})
	art100.do("serve-notice", map[string]any{"served_on": time.Now()})
	art100.do("file-defence", map[string]any{"statement": "built before the plan", "filed_on": time.Now()})
	if got := art100.summary(); got.Status != "defence_filed" {
		t.Fatalf("Article 100 case %+v, want its defence filed (the finding's defence_window, renamed)", got)
	}
	art100.refused("hold", map[string]any{"reason": "again"}, "hold.already_placed")
	art100.refused("release-hold", map[string]any{"reason": "fine promised"}, "hold.by_rule")

	cert := newLifecycle(t, app, noViolationSvc)
	cert.submit(9000)
	cert.readyToIssue()
	r := cert.staff.post("/v1/cases/"+cert.id+"/issue", nil)
	wantProblem(t, r, http.StatusUnprocessableEntity, "plot.open_violation")
	if !strings.Contains(string(r.body), art100.id) {
		t.Errorf("refusal %s does not name the blocking case to an admin", r.body)
	}

	clearance := newLifecycle(t, app, clearanceSvc)
	clearance.submit(9000)
	clearance.readyToIssue()
	clearance.do("issue", nil) // dues clearance says nothing about violations

	art100.do("cancel", map[string]any{"reason": "reported against the wrong plot"})
	cert.do("issue", nil)
	if got := cert.summary(); got.Status != "issued" {
		t.Fatalf("certificate %+v", got)
	}
	art100.do("reopen", map[string]any{"reason": "the plot was right after all"})
	again := newLifecycle(t, app, noViolationSvc)
	again.submit(9000)
	again.readyToIssue()
	again.refused("issue", nil, "plot.open_violation")
}

// The blocking case is named only to a caller who may see it: a district clerk issuing a
// certificate is not told which centrally handled case holds the plot.
func TestAPlotRefusalNamesTheBlockingCaseOnlyToWhoMaySeeIt(t *testing.T) {
	t.Parallel()
	app := MustOpenApp(t)
	art100Svc, _ := catalogue.Default().Service("viol.art100")
	noViolationSvc, _ := catalogue.Default().Service("cert.noviolation")
	art100 := newLifecycle(t, app, art100Svc)
	art100.submit(9001)
	art100.do("assign", map[string]any{"department": "urban-planning"})
	cert := newLifecycle(t, app, noViolationSvc)
	cert.submit(9001)
	cert.readyToIssue()
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-3-1"}
	r := clerk.post("/v1/cases/"+cert.id+"/issue", nil)
	wantProblem(t, r, http.StatusUnprocessableEntity, "plot.open_violation")
	if strings.Contains(string(r.body), art100.id) {
		t.Errorf("refusal %s names a case the clerk may not see", r.body)
	}
}

// A hold placed by hand still blocks every issuance on the plot until it is released.
func TestAHandPlacedHoldBlocksIssuanceOnTheSamePlot(t *testing.T) {
	t.Parallel()
	app := MustOpenApp(t)
	permitSvc, _ := catalogue.Default().Service("permit.renew")
	clearanceSvc, _ := catalogue.Default().Service("cert.clearance")
	permit := newLifecycle(t, app, permitSvc)
	permit.submit(9002)
	permit.refused("release-hold", map[string]any{"reason": "none yet"}, "hold.none_open")
	permit.do("hold", map[string]any{"reason": "the deed is disputed in court"})
	cert := newLifecycle(t, app, clearanceSvc)
	cert.submit(9002)
	cert.readyToIssue()
	cert.refused("issue", nil, "issuance.plot_on_hold")
	permit.do("release-hold", map[string]any{"reason": "the court ruled"})
	cert.do("issue", nil)
}

// readyToIssue takes an application up to issuance: intake, a clean inspection, the fee
// assessed and waived, approval.
func (l *lifecycle) readyToIssue() {
	l.t.Helper()
	l.do("accept", nil)
	if l.uses(catalogue.StepSiteInspection) {
		l.do("schedule-inspection", map[string]any{"inspector": "insp-1", "on": time.Now()})
		l.do("record-inspection", map[string]any{"findings": "as built", "measured_area_dm2": 30000})
	}
	if l.uses(catalogue.StepEngineeringReview) {
		l.do("record-review", map[string]any{"summary": "sound"})
	}
	if l.uses(catalogue.StepFeeAssessment) {
		l.do("assess-fee", map[string]any{"inputs": feeInputs("residential")})
		l.do("waive-fee", map[string]any{"reason": "council discount for worn fabric"})
	}
	if l.uses(catalogue.StepDecision) {
		l.do("decision", approval)
	}
}

package main

import (
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// TestEveryServiceRunsToItsFinalState is the Done-when of the lifecycle: one case of every
// catalogue service goes from submission to its final state over HTTP, and the refusals on
// the way come back as 422 naming the rule.
func TestEveryServiceRunsToItsFinalState(t *testing.T) {
	app := MustOpenApp(t)
	for i, svc := range catalogue.Default().Services() {
		t.Run(svc.Key, func(t *testing.T) {
			t.Parallel()
			if svc.Flow() == catalogue.FlowViolation {
				// A board's windows take weeks: the case is reported 70 days ago, on a clock of
				// its own, and worked on today with notices dated back to then.
				var clock testClock
				clock.Set(-70 * 24 * time.Hour)
				l := newLifecycle(t, MustOpenAppWithClock(t, &clock), svc)
				l.submit(1000 + i)
				clock.Set(0)
				l.violation()
				l.wantFinal("closed")
				return
			}
			l := newLifecycle(t, app, svc)
			l.submit(1000 + i)
			l.application()
			l.wantFinal("issued")
		})
	}
}

func (l *lifecycle) wantFinal(status string) {
	l.t.Helper()
	if got := l.summary(); got.Status != status {
		l.t.Fatalf("final summary %+v, want status %s", got, status)
	}
}

func (l *lifecycle) application() {
	l.t.Helper()
	l.refused("issue", nil, "issuance.requires_approval")
	l.refusesAStepItLacks()
	if l.uses(catalogue.StepDocumentRequest) {
		l.do("request-documents", map[string]any{"requests": []map[string]any{{"document": l.svc.Documents[0], "kind": "missing"}}})
		if got := l.summary(); got.Status != "returned_for_documents" || got.WaitingOn != "applicant" {
			l.t.Fatalf("returned case %+v, want it waiting on the applicant", got)
		}
		l.refused("accept", nil, "intake.not_pending")
		l.refused("provide-documents", map[string]any{"documents": []string{"utility_bills_for_mars"}}, "documents.incomplete")
		l.do("provide-documents", map[string]any{"documents": []string{l.svc.Documents[0]}})
		if got := l.summary(); got.Status != "submitted" || got.WaitingOn != "staff" || got.DueAt == "" {
			l.t.Fatalf("answered case %+v, want it back with staff", got)
		}
	}
	l.do("accept", map[string]any{"note": "file complete"})
	l.do("assign", map[string]any{"assignee": "clerk-3-1", "department": "district-3"})
	violation := l.uses(catalogue.StepCommissionReferral)
	if l.uses(catalogue.StepSiteInspection) {
		l.refused("record-inspection", map[string]any{"findings": "x"}, "inspection.not_scheduled")
		l.do("schedule-inspection", map[string]any{"inspector": "insp-1", "on": time.Now().Add(24 * time.Hour)})
		l.do("record-inspection", map[string]any{"findings": "measured on site", "measured_area_dm2": 31000, "violation_found": violation})
	}
	if l.uses(catalogue.StepEngineeringReview) {
		l.do("record-review", map[string]any{"summary": "drawings comply"})
	}
	if violation {
		if l.uses(catalogue.StepDecision) && l.uses(catalogue.StepSiteInspection) {
			l.refused("decision", approval, "decision.requires_commission")
		}
		commission := "article_100"
		if l.svc.Key == "land.change_use" {
			commission = "article_5"
		}
		l.do("refer-to-commission", map[string]any{"commission": commission, "reason": "excess area"})
		l.refused("decision", approval, "commission.pending")
		l.do("commission-ruling", map[string]any{"outcome": "approve", "summary": "fine paid, keep"})
	}
	var owed int64
	if l.uses(catalogue.StepFeeAssessment) {
		use := "residential"
		if l.svc.Key == "waste.commercial" {
			use = "commercial"
		}
		l.do("assess-fee", map[string]any{"inputs": feeInputs(use)})
		owed = l.summary().FeeTotal
	}
	if l.uses(catalogue.StepDecision) {
		l.do("decision", approval)
	}
	if owed > 0 {
		l.refused("issue", nil, "issuance.requires_payment")
		l.refused("record-payment", payment(owed+1, "over"), "payment.exceeds_balance")
		l.do("record-payment", payment(owed/2, "first-half"))
		l.refused("record-payment", payment(1, "first-half"), "payment.duplicate_reference")
		l.do("record-payment", payment(owed-owed/2, "second-half"))
	}
	l.do("issue", l.reply())
	l.refused("issue", nil, "issuance.already_issued")
	if is := l.svc.Issues; is != nil && is.Renewable && is.ValidityMonths > 0 {
		l.refused("expire", nil, "expiry.not_due")
		l.do("renew", nil)
	}
	if got := l.summary(); got.CertificateNumber == "" || got.FeePaid != owed {
		l.t.Fatalf("issued case %+v, want a number and %d rials paid", got, owed)
	}
}

var approval = map[string]any{"outcome": "approve", "reasons": []string{"complies with the detailed plan"}, "legal_basis": "Art. 55(24)"}

func payment(rials int64, ref string) map[string]any {
	return map[string]any{"rials": rials, "channel": "card", "reference": ref, "instalment": 1}
}

// violation runs a building-violation case: the notice and rulings are recorded after the fact
// with the days they happened, so the windows can be shown open and closed without a clock.
func (l *lifecycle) violation() {
	l.t.Helper()
	l.refused("accept", nil, "case.wrong_flow")
	if l.uses(catalogue.StepSiteInspection) {
		l.do("schedule-inspection", map[string]any{"inspector": "insp-1", "on": time.Now()})
		l.do("record-inspection", map[string]any{"findings": "two floors beyond the permit", "measured_area_dm2": 5000, "violation_found": true})
	}
	if l.uses(catalogue.StepEngineeringReview) {
		l.do("record-review", map[string]any{"summary": "structure unsafe"})
	}
	daysAgo := func(n int) time.Time { return time.Now().AddDate(0, 0, -n) }
	fine := func(rials int64) map[string]any {
		return map[string]any{"kind": "fine", "fine_rials": rials, "summary": "fine for excess area"}
	}
	if !l.uses(catalogue.StepPayment) {
		l.boardWithoutFines(daysAgo)
		return
	}
	l.refused("first-instance-ruling", map[string]any{"ruling": fine(50_000_000), "notified_on": daysAgo(1)}, "notice.not_served")
	l.do("serve-notice", map[string]any{"served_on": daysAgo(60)})
	l.do("file-defence", map[string]any{"statement": "built before the plan", "filed_on": daysAgo(55)})
	l.refused("first-instance-ruling", map[string]any{"ruling": fine(50_000_000), "notified_on": daysAgo(58)}, "ruling.defence_window_open")
	l.do("first-instance-ruling", map[string]any{"ruling": fine(50_000_000), "notified_on": daysAgo(40)})
	owed := int64(50_000_000)
	if l.svc.Key == "viol.art100" {
		l.do("file-appeal", map[string]any{"grounds": "area mismeasured", "filed_on": daysAgo(35)})
		l.refused("enforce", map[string]any{"action": "collection"}, "appeal.pending")
		l.do("appeal-ruling", map[string]any{"ruling": fine(30_000_000)})
		owed = 30_000_000
	}
	l.refused("close", map[string]any{"reason": "done"}, "close.requires_enforcement")
	l.refused("enforce", map[string]any{"action": "demolition"}, "enforcement.action_mismatch")
	l.do("enforce", map[string]any{"action": "collection"})
	l.refused("close", map[string]any{"reason": "done"}, "close.requires_payment")
	l.do("record-payment", payment(owed/2, "fine-1"))
	l.do("record-payment", payment(owed-owed/2, "fine-2"))
	l.do("close", map[string]any{"reason": "fine collected"})
	l.refused("notes", map[string]any{"text": "late remark", "visibility": "internal"}, "case.closed")
}

// boardWithoutFines runs a violation board that orders works rather than fines.
func (l *lifecycle) boardWithoutFines(daysAgo func(int) time.Time) {
	l.t.Helper()
	l.do("serve-notice", map[string]any{"served_on": daysAgo(60)})
	l.do("first-instance-ruling", map[string]any{"notified_on": daysAgo(40),
		"ruling": map[string]any{"kind": "restoration", "summary": "restore the load-bearing wall"}})
	l.refused("record-payment", payment(1, "x"), "step.not_in_service")
	l.do("enforce", map[string]any{"action": "restoration"})
	l.do("close", map[string]any{"reason": "restored"})
}

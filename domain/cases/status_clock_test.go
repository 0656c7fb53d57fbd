package cases_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// The legal clock stands still exactly while a case waits on the applicant or has ended:
// every closing status stops it, the pause stops it, work with staff keeps it running.
func TestClockStopsWhenPausedOrFinished(t *testing.T) {
	t.Parallel()
	for _, st := range []cases.Status{cases.StatusRejected, cases.StatusRevoked, cases.StatusWithdrawn,
		cases.StatusCancelled, cases.StatusClosed, cases.StatusIssued, cases.StatusExpired} {
		if !st.ClockStopped() {
			t.Errorf("%s: the clock runs on a finished case", st)
		}
	}
	for _, st := range []cases.Status{cases.StatusSubmitted, cases.StatusInReview, cases.StatusAwaitingPayment,
		cases.StatusApproved, cases.StatusInCommission, cases.StatusDefenceWindow, cases.StatusEnforcement} {
		if st.ClockStopped() {
			t.Errorf("%s: the clock stands still on a case still being worked", st)
		}
	}
	paused := MustRun(t, "permit.renew", submitOf("permit.renew"), cases.AcceptIntake{At: t0},
		cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: "deed", Kind: "missing"}}, At: t0})
	if !paused.Clock.Paused || !paused.Status.ClockStopped() {
		t.Fatalf("paused on the applicant in %s: clock paused %v, stopped %v", paused.Status, paused.Clock.Paused, paused.Status.ClockStopped())
	}
}

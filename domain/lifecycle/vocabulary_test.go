package lifecycle_test

import (
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// TestVocabularyNamesEachStatusOnceWithAllItSays: each status once, in a flow, with both texts,
// a party, and next steps the access policy knows and lets someone take.
func TestVocabularyNamesEachStatusOnceWithAllItSays(t *testing.T) {
	t.Parallel()
	seen := map[lifecycle.Status]bool{}
	for _, s := range lifecycle.All() {
		e, ok := lifecycle.Of(s)
		switch {
		case !ok || seen[s]:
			t.Errorf("%q is named twice or cannot be looked up", s)
		case len(e.Flows) == 0 || e.Text.Fa == "" || e.Text.En == "":
			t.Errorf("%q: no flow or a missing text: %+v", s, e)
		case !slices.Contains(lifecycle.Parties, e.WaitsOn):
			t.Errorf("%q waits on unknown party %q", s, e.WaitsOn)
		case len(e.Next) == 0:
			t.Errorf("%q has no next step", s)
		}
		seen[s] = true
		for _, a := range e.Next {
			if !slices.Contains(access.Actions(), a) || len(lifecycle.MayTake(a)) == 0 {
				t.Errorf("%q: next step %q is not an action the policy lets anyone take", s, a)
			}
		}
	}
}

func TestTheClockRunsOnlyWhileStaffHaveTheMove(t *testing.T) {
	t.Parallel()
	tests := map[lifecycle.Status]bool{
		lifecycle.InReview: true, lifecycle.ReturnedForDocuments: false, lifecycle.AwaitingPayment: false,
		lifecycle.NoticeServed: false, lifecycle.DefenceFiled: true, lifecycle.FirstInstanceRuled: false,
		lifecycle.AppealFiled: true, lifecycle.Issued: false, lifecycle.Closed: false,
	}
	for s, runs := range tests {
		if s.ClockRuns() != runs || slices.Contains(lifecycle.Stopped(), s) == runs {
			t.Errorf("%q: clock runs %v, stopped list has it %v; want runs %v", s, s.ClockRuns(), slices.Contains(lifecycle.Stopped(), s), runs)
		}
	}
	for _, s := range []lifecycle.Status{lifecycle.Rejected, lifecycle.Revoked, lifecycle.Withdrawn, lifecycle.Cancelled, lifecycle.Closed} {
		if !s.Closed() {
			t.Errorf("%q is not closed", s)
		}
	}
	if lifecycle.Issued.Closed() || lifecycle.Expired.Closed() {
		t.Error("an issued or expired document is not a closed case: it can still be renewed or revoked")
	}
}

func TestMayTakeIsThePolicys(t *testing.T) {
	t.Parallel()
	if got := lifecycle.MayTake(access.RecordPayment); !slices.Equal(got, []access.Role{access.Clerk, access.Admin}) {
		t.Fatalf("record_payment may be taken by %v, want clerk and admin as the policy says", got)
	}
}

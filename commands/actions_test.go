package commands

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// TestEachActionOwnsOneCommandAndRoute checks that the table finds every row's command back in
// that row and asks the policy the row's action, and that no route or operation is listed twice.
func TestEachActionOwnsOneCommandAndRoute(t *testing.T) {
	routes, operations := map[string]bool{}, map[string]bool{}
	for _, a := range Actions {
		_, cmd := a.New()
		if got, ok := actionFor(cmd()); !ok || got.Operation != a.Operation {
			t.Errorf("%s: its command %T finds row %q", a.Operation, cmd(), got.Operation)
		}
		if got := actionOf(cmd()); got != a.Policy {
			t.Errorf("%s: asks the policy %q, the row says %q", a.Operation, got, a.Policy)
		}
		if routes[a.Method+" "+a.Path] || operations[a.Operation] {
			t.Errorf("%s %s (%s) is listed twice", a.Method, a.Path, a.Operation)
		}
		routes[a.Method+" "+a.Path], operations[a.Operation] = true, true
	}
	if got := actionOf(cases.AddNote{Visibility: cases.NoteApplicant}); got != access.AddNote {
		t.Errorf("a note for the applicant asks %q, want %q", got, access.AddNote)
	}
}

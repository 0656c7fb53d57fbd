package access

import (
	"fmt"
	"maps"
	"slices"
)

// overrides are the actions that bend the normal flow; the audit trail must
// say why, so commands for them carry a mandatory reason.
var overrides = map[Action]bool{
	WaiveFee: true, Revoke: true, Cancel: true, Reopen: true,
	ExtendDeadline: true, PlaceHold: true, CloseCase: true,
}

// RequiresReason reports whether a command must carry a written reason
// because it overrides the normal flow of a case.
func RequiresReason(a Action) bool { return overrides[a] }

// Actions lists every action the policy table knows, sorted by name.
func Actions() []Action {
	return slices.Sorted(maps.Keys(table))
}

// ParseAction turns a route's action name into an Action, rejecting unknown names.
func ParseAction(s string) (Action, error) {
	if _, ok := table[Action(s)]; ok {
		return Action(s), nil
	}
	return "", fmt.Errorf("access: unknown action %q", s)
}

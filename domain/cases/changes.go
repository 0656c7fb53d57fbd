package cases

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Change is one field of a case an event changed, before and after it, as auditors read it.
type Change struct {
	Field  string `json:"field"`
	Before Value  `json:"before"`
	After  Value  `json:"after"`
}

// Changes lists every field of the case that differs between before and after, in one fixed
// order: what a command did to the case, beside what its event states (FactsOf).
func Changes(before, after State) []Change {
	var out []Change
	text := func(field, b, a string) {
		if b != a {
			out = append(out, Change{Field: field, Before: Value{Text: b}, After: Value{Text: a}})
		}
	}
	rials := func(field string, b, a int64) { text(field, amount(b), amount(a)) }
	at := func(field string, b, a time.Time) {
		if !b.Equal(a) {
			out = append(out, Change{Field: field, Before: Value{At: b.UTC()}, After: Value{At: a.UTC()}})
		}
	}
	text("status", string(before.Status), string(after.Status))
	text("waiting_on", string(before.WaitingOn()), string(after.WaitingOn()))
	text("assignee", before.Assignee, after.Assignee)
	text("department", before.Department, after.Department)
	at("due_at", before.DueAt, after.DueAt)
	text("clock_paused", strconv.FormatBool(before.Clock.Paused), strconv.FormatBool(after.Clock.Paused))
	text("inspection", inspectionOf(before.Inspection), inspectionOf(after.Inspection))
	text("outcome", string(before.Outcome), string(after.Outcome))
	rials("fee_total", before.Money.FeeTotal, after.Money.FeeTotal)
	rials("fine", before.Money.Fine, after.Money.Fine)
	rials("paid", before.Money.Paid, after.Money.Paid)
	rials("waived", before.Money.Waived, after.Money.Waived)
	rials("outstanding", before.Money.Outstanding(), after.Money.Outstanding())
	text("documents_owed", strings.Join(before.Requested, ", "), strings.Join(after.Requested, ", "))
	text("certificate_number", before.Issued.Number, after.Issued.Number)
	at("valid_until", deref(before.Issued.ValidUntil), deref(after.Issued.ValidUntil))
	text("ruling", rulingOf(before.Violation.Ruling), rulingOf(after.Violation.Ruling))
	at("defence_ends_at", before.Violation.DefenceEndsAt, after.Violation.DefenceEndsAt)
	at("appeal_ends_at", before.Violation.AppealEndsAt, after.Violation.AppealEndsAt)
	text("extension_working_days", strconv.Itoa(before.ExtensionDays), strconv.Itoa(after.ExtensionDays))
	return slices.Clip(out)
}

func amount(n int64) string { return strconv.FormatInt(n, 10) }

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func rulingOf(r *Ruling) string {
	if r == nil {
		return ""
	}
	return string(r.Kind)
}

// inspectionOf is how far the site visit has got: none, scheduled, or recorded with its verdict.
func inspectionOf(i InspectionState) string {
	switch {
	case i.Recorded && i.ViolationFound:
		return "recorded, violation found"
	case i.Recorded:
		return "recorded"
	case i.Scheduled:
		return "scheduled"
	}
	return ""
}

// HoldChanges lists what a plot-stream event did to case id's hold on its plot, from the holds
// before and after it: the case's hold is a field of the case people follow like the others.
func HoldChanges(id uuid.UUID, before, after PlotHolds) []Change {
	b, a := holdOf(before, id), holdOf(after, id)
	if b == a {
		return nil
	}
	return []Change{{Field: "plot_hold", Before: Value{Text: b}, After: Value{Text: a}}}
}

// holdOf is the case's hold as people read it: none, by hand, or under a plot rule.
func holdOf(hs PlotHolds, id uuid.UUID) string {
	h, ok := hs.Of(id)
	switch {
	case !ok:
		return ""
	case h.Rule == "":
		return "held"
	}
	return "held under " + h.Rule
}

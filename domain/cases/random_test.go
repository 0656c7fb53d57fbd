package cases_test

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// TestRandomSequencesKeepTheInvariants drives thousands of random command sequences through
// Decide and Evolve and checks after every step: nothing is issued without approval (where the
// service decides) and full payment; nothing but Reopen acts on a closed case; the due date is
// never before submission plus the deadline; folding the history gives the same state.
func TestRandomSequencesKeepTheInvariants(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1405, 1))
	services := catalogue.Default().Services()
	texts := []string{"deed", "national_id_card", "application_form", "violation_report", "x", "", "ref-1", "ref-2"}
	sched := mustSchedule(t)
	cal := workdays.Default()
	const sequences, steps = 3000, 60
	issued, closed := 0, 0
	for range sequences {
		svc := services[rng.IntN(len(services))]
		d := cases.Deps{Service: svc, Calendar: cal}
		sub := submitOf(svc.Key)
		at := sub.At
		var s cases.State
		var history []domain.Event
		var cmds []cases.Command
		apply := func(c cases.Command) {
			cmds = append(cmds, c)
			wasClosed := s.Status.Closed()
			evs, err := cases.Decide(s, c, d)
			if _, reopen := c.(cases.Reopen); wasClosed && !reopen && err == nil {
				t.Fatalf("%s: %T acted on a closed case\n%#v", svc.Key, c, cmds)
			}
			for _, e := range evs {
				if _, ok := e.(*cases.Closed); ok {
					closed++
				}
				if _, ok := e.(*cases.Issued); ok {
					issued++
					if (svc.UsesStep(catalogue.StepDecision) && s.Outcome != cases.OutcomeApprove) || s.Money.Outstanding() > 0 {
						t.Fatalf("%s: issued without approval or full payment: %+v\n%#v", svc.Key, s, cmds)
					}
				}
				s = cases.Evolve(s, e)
				history = append(history, e)
			}
			if s.Exists() && s.DueAt.Before(cal.Due(s.SubmittedAt, s.Deadline, 0)) {
				t.Fatalf("%s: due %v before submission plus the deadline\n%#v", svc.Key, s.DueAt, cmds)
			}
		}
		apply(sub)
		for range steps {
			at = at.Add(rngDuration(rng))
			in := input{kind: rng.IntN(commandKinds), text: texts[rng.IntN(len(texts))], flag: rng.IntN(4) == 0,
				n: []int64{0, 1, 1000, 5_000_000, 1 << 40}[rng.IntN(5)], at: at, on: at.AddDate(0, 0, -rng.IntN(30)), sched: sched}
			if rng.IntN(4) > 0 {
				// Most steps push the case forward, so many sequences get far.
				kinds := progress[svc.Flow()]
				in.kind, in.text, in.flag, in.n = kinds[rng.IntN(len(kinds))], "deed", false, 5_000_000
				if in.kind == 10 {
					in.n = s.Money.Outstanding()
				}
			}
			if in.on.Before(sub.At) {
				in.on = in.at // legal dates lie after submission (transitions_test refuses earlier ones)
			}
			apply(commandFor(in))
		}
		if !reflect.DeepEqual(cases.Fold(history), s) {
			t.Fatalf("%s: folding the history differs from stepping through it", svc.Key)
		}
	}
	if issued < sequences/10 {
		t.Fatalf("only %d of %d sequences reached issuance; the generator explores too little", issued, sequences)
	}
	if closed == 0 {
		t.Fatal("no violation sequence was closed; the generator explores too little")
	}
}

// progress are the kinds that move a case of each flow towards its end: intake, inspection,
// review, commission, fee, payment, decision, issuance; notice, ruling, enforcement, close.
var progress = map[catalogue.Flow][]int{
	catalogue.FlowApplication: {0, 4, 5, 6, 7, 8, 9, 10, 12, 13},
	catalogue.FlowViolation:   {4, 5, 6, 22, 24, 27, 10, 28},
}

// rngDuration advances the clock by up to three weeks, mostly by hours.
func rngDuration(rng *rand.Rand) time.Duration {
	if rng.IntN(5) == 0 {
		return time.Duration(rng.IntN(21*24)) * time.Hour
	}
	return time.Duration(rng.IntN(8)) * time.Hour
}

package cases_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/cases/casegen"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// TestRandomSequencesKeepTheInvariants drives thousands of random command sequences through
// Decide and Evolve and checks after every step: nothing is issued without approval (where the
// service decides) and full payment; nothing but Reopen acts on a closed case; the due date is
// never before submission plus the deadline; the status is in the vocabulary and the clock
// stands still exactly while others have the move (checkVocabulary); every status of the
// vocabulary is reached; folding the history gives the same state.
func TestRandomSequencesKeepTheInvariants(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1405, 1))
	services := catalogue.Default().Services()
	walk := casegen.Walk{Rng: rng, Sched: mustSchedule(t)}
	cal := workdays.Default()
	const sequences, steps = 3000, 60
	issued, closed := 0, 0
	reached := map[cases.Status]bool{}
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
			checkVocabulary(t, svc, s, cmds)
			reached[s.Status] = true
		}
		apply(sub)
		for range steps {
			at = at.Add(walk.Advance())
			apply(walk.Next(svc.Flow(), s, at))
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
	for _, st := range lifecycle.All() {
		if !reached[st] {
			t.Errorf("no history reached status %q: the vocabulary names a status the domain never produces", st)
		}
	}
}

// checkVocabulary holds a case to the lifecycle vocabulary: its status is one of its flow's,
// and the legal clock stands still exactly while the applicant or the owner has the move.
func checkVocabulary(t *testing.T, svc catalogue.Service, s cases.State, cmds []cases.Command) {
	t.Helper()
	if !slices.Contains(lifecycle.OfFlow(svc.Flow()), s.Status) {
		t.Fatalf("%s: status %q is not one of the %s flow's\n%#v", svc.Key, s.Status, svc.Flow(), cmds)
	}
	party := s.WaitingOn()
	if wait := party == lifecycle.Applicant || party == lifecycle.Owner; party != lifecycle.Nobody && wait != s.Clock.Paused {
		t.Fatalf("%s: %s waits on %s but the clock paused=%v\n%#v", svc.Key, s.Status, party, s.Clock.Paused, cmds)
	}
}

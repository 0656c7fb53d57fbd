package cases_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/cases/casegen"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// Every command the generator builds reaches a decision: an accepted command or a refusal with
// a domain error, never "unknown command", which is what a command without its decide method
// would get.
func TestEveryCommandIsRouted(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"permit.new", "viol.art100"} {
		svc, _ := catalogue.Default().Service(key)
		d := cases.Deps{Service: svc, Calendar: workdays.Default()}
		s := cases.Fold(mustDecide(t, cases.State{}, submitOf(key), d))
		for kind := range casegen.Kinds {
			c := casegen.Command(casegen.Input{Kind: kind, Text: "deed", At: t0})
			_, err := cases.Decide(s, c, d)
			var de *domain.Error
			if err != nil && !errors.As(err, &de) {
				t.Errorf("%s: %T: %v", key, c, err)
			}
		}
	}
}

func mustDecide(t *testing.T, s cases.State, c cases.Command, d cases.Deps) []domain.Event {
	t.Helper()
	evs, err := cases.Decide(s, c, d)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}
